using Console.Shared.Query.Limits;
using Microsoft.Extensions.Options;

namespace Console.Web.Searching;

/// <summary>
/// Counts the store searches each caller (a user, an API key) has running and holds it to
/// <see cref="QueryLimitsOptions.MaxConcurrentSearchesPerUser"/>, so one caller's expensive searches cannot take every
/// thread while other people's ordinary ones wait. One budget per caller, however the searches come: the HTTP API is
/// refused beyond it (<see cref="TryEnter"/>, answered 429), while the pages queue (<see cref="EnterAsync"/>) because
/// Discover and a dashboard legitimately start several searches at once. A freed slot goes to the caller's oldest
/// waiter first, so a waiting page is not overtaken by API retries.
/// </summary>
public sealed class SearchConcurrencyLimiter(IOptions<QueryLimitsOptions> options, TimeProvider clock)
{
    private readonly Dictionary<string, int> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<SearchSlot>>> _waiting = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int MaxPerCaller => options.Value.MaxConcurrentSearchesPerUser;

    /// <summary>Takes a slot for <paramref name="caller"/>; null when it already runs as many searches as allowed (or has searches waiting).</summary>
    public SearchSlot? TryEnter(string caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        lock (_lock)
        {
            return TryTake(caller);
        }
    }

    /// <summary>
    /// Takes a slot for <paramref name="caller"/>, waiting in line for one while it runs as many searches as allowed, at
    /// most <see cref="QueryLimitsOptions.Timeout"/>. A cancelled or timed-out wait leaves the line at once and holds no slot.
    /// </summary>
    /// <exception cref="SearchSlotTimeoutException">No slot was freed within <see cref="QueryLimitsOptions.Timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public async Task<SearchSlot> EnterAsync(string caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (TryTake(caller) is { } free)
            {
                return free;
            }
        }

        // The clock starts before the search joins the line, so a waiter seen in the line always has its timeout.
        var timeout = options.Value.Timeout;
        var max = MaxPerCaller;
        using var timer = new CancellationTokenSource(timeout, clock);
        LinkedListNode<TaskCompletionSource<SearchSlot>> waiter;
        lock (_lock)
        {
            if (TryTake(caller) is { } slot)
            {
                return slot;
            }

            if (!_waiting.TryGetValue(caller, out var line))
            {
                _waiting[caller] = line = new LinkedList<TaskCompletionSource<SearchSlot>>();
            }

            // Completed under the lock by whoever takes it off the line; continuations run elsewhere.
            waiter = line.AddLast(new TaskCompletionSource<SearchSlot>(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        using var onTimeout = timer.Token.Register(() => Abandon(caller, waiter, w => w.TrySetException(new SearchSlotTimeoutException(max, timeout))));
        using var onCancel = cancellationToken.Register(() => Abandon(caller, waiter, w => w.TrySetCanceled(cancellationToken)));
        return await waiter.Value.Task.ConfigureAwait(false);
    }

    /// <summary>Searches <paramref name="caller"/> has running now.</summary>
    public int Running(string caller)
    {
        lock (_lock)
        {
            return _running.GetValueOrDefault(caller);
        }
    }

    /// <summary>Searches of <paramref name="caller"/> waiting for a slot now.</summary>
    public int Waiting(string caller)
    {
        lock (_lock)
        {
            return _waiting.TryGetValue(caller, out var line) ? line.Count : 0;
        }
    }

    /// <summary>Frees one slot of <paramref name="caller"/>: handed straight to its oldest waiter, else given back.</summary>
    internal void Leave(string caller)
    {
        lock (_lock)
        {
            if (_waiting.TryGetValue(caller, out var line) && line.First is { } next)
            {
                line.RemoveFirst();
                if (line.Count == 0)
                {
                    _waiting.Remove(caller);
                }

                next.Value.SetResult(new SearchSlot(this, caller)); // the slot changes hands: the running count stays
                return;
            }

            var count = _running.GetValueOrDefault(caller) - 1;
            if (count <= 0)
            {
                _running.Remove(caller); // no entry kept per caller once idle
            }
            else
            {
                _running[caller] = count;
            }
        }
    }

    /// <summary>Must hold the lock. A slot when one is free and nobody of <paramref name="caller"/> waits ahead.</summary>
    private SearchSlot? TryTake(string caller)
    {
        var count = _running.GetValueOrDefault(caller);
        if (count >= MaxPerCaller || _waiting.ContainsKey(caller))
        {
            return null;
        }

        _running[caller] = count + 1;
        return new SearchSlot(this, caller);
    }

    /// <summary>Takes <paramref name="waiter"/> off the line and fails it, unless a slot was already handed to it.</summary>
    private void Abandon(string caller, LinkedListNode<TaskCompletionSource<SearchSlot>> waiter, Action<TaskCompletionSource<SearchSlot>> fail)
    {
        lock (_lock)
        {
            if (waiter.List is not { } line)
            {
                return; // it has its slot: the caller disposes it
            }

            line.Remove(waiter);
            if (line.Count == 0)
            {
                _waiting.Remove(caller);
            }

            fail(waiter.Value);
        }
    }
}
