namespace Console.Shared.Storage.Snapshots;

/// <summary>
/// One restore as it runs: totals known at the start, counts moved on by the copying (or read from Elasticsearch's
/// recoveries), then its outcome. Read from any thread while the restore writes it.
/// </summary>
internal sealed class RunningRestore(string snapshot, DateTimeOffset startedAt, IReadOnlyList<string> indices, long filesTotal, long bytesTotal)
{
    private readonly Lock _outcome = new();
    private long _filesDone;
    private long _bytesDone;
    private long _filesTotal = filesTotal;
    private long _bytesTotal = bytesTotal;
    private RestoreState _state = RestoreState.InProgress;
    private DateTimeOffset? _finishedAt;
    private string? _failure;

    public IReadOnlyList<string> Indices { get; } = indices;

    public RestoreState State
    {
        get
        {
            lock (_outcome)
            {
                return _state;
            }
        }
    }

    public void AddBytes(long count) => Interlocked.Add(ref _bytesDone, count);

    public void AddFile() => Interlocked.Increment(ref _filesDone);

    /// <summary>Counts read whole from elsewhere (Elasticsearch's recoveries), replacing what was known.</summary>
    public void Report(long filesDone, long filesTotal, long bytesDone, long bytesTotal)
    {
        Interlocked.Exchange(ref _filesDone, filesDone);
        Interlocked.Exchange(ref _filesTotal, filesTotal);
        Interlocked.Exchange(ref _bytesDone, bytesDone);
        Interlocked.Exchange(ref _bytesTotal, bytesTotal);
    }

    public void Succeed(DateTimeOffset at)
    {
        lock (_outcome)
        {
            (_state, _finishedAt) = (RestoreState.Success, at);
        }
    }

    public void Fail(DateTimeOffset at, string reason)
    {
        lock (_outcome)
        {
            (_state, _finishedAt, _failure) = (RestoreState.Failed, at, reason);
        }
    }

    public RestoreProgress Progress()
    {
        lock (_outcome)
        {
            return new RestoreProgress(snapshot, _state, startedAt, _finishedAt, Indices,
                Interlocked.Read(ref _filesDone), Interlocked.Read(ref _filesTotal), Interlocked.Read(ref _bytesDone), Interlocked.Read(ref _bytesTotal), _failure);
        }
    }
}
