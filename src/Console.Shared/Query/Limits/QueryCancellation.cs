using System.Diagnostics;

namespace Console.Shared.Query.Limits;

/// <summary>
/// The cancellation and deadline of the search running on this thread, for the parts of a Lucene search that take no
/// token (term expansion during rewrite, collection). The embedded store searches synchronously on one thread, so a
/// thread-static is exactly the running search. The deadline is read from the clock at each check rather than set off by
/// a timer, so a busy thread pool cannot make a timeout late.
/// </summary>
public static class QueryCancellation
{
    [ThreadStatic]
    private static CancellationToken _token;

    [ThreadStatic]
    private static long _deadline; // Stopwatch timestamp; 0 when no search is running

    /// <summary>Makes <paramref name="token"/> and a deadline <paramref name="timeout"/> from now the running search's until the scope is disposed.</summary>
    public static Scope Enter(TimeSpan timeout, CancellationToken token)
    {
        var previous = new Scope(_deadline, _token);
        _token = token;
        _deadline = Stopwatch.GetTimestamp() + Math.Max(1, (long)(timeout.TotalSeconds * Stopwatch.Frequency));
        return previous;
    }

    /// <exception cref="OperationCanceledException">The running search was cancelled or ran out of time.</exception>
    public static void ThrowIfCancelled()
    {
        _token.ThrowIfCancellationRequested();
        if (_deadline != 0 && Stopwatch.GetTimestamp() >= _deadline)
        {
            throw new OperationCanceledException("the search ran out of time");
        }
    }

    /// <summary>Restores the cancellation that was current before <see cref="Enter"/>.</summary>
    public readonly struct Scope(long deadline, CancellationToken token) : IDisposable
    {
        public void Dispose()
        {
            _token = token;
            _deadline = deadline;
        }
    }
}
