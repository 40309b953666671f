namespace Console.Shared.Query.Limits;

/// <summary>
/// The cancellation of the search running on this thread, for the parts of a Lucene search that take no token (term
/// expansion during rewrite, collection). The embedded store searches synchronously on one thread, so a thread-static is
/// exactly the running search.
/// </summary>
public static class QueryCancellation
{
    [ThreadStatic]
    private static CancellationToken _current;

    /// <summary>Makes <paramref name="token"/> the running search's until the returned scope is disposed.</summary>
    public static Scope Enter(CancellationToken token)
    {
        var previous = _current;
        _current = token;
        return new Scope(previous);
    }

    /// <exception cref="OperationCanceledException">The running search was cancelled or ran out of time.</exception>
    public static void ThrowIfCancelled() => _current.ThrowIfCancellationRequested();

    /// <summary>Restores the cancellation that was current before <see cref="Enter"/>.</summary>
    public readonly struct Scope(CancellationToken previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }
}
