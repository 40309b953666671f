using Console.Shared.Query.Limits;
using Microsoft.Extensions.Options;

namespace Console.Web.Apis;

/// <summary>
/// Counts the searches each caller (a user, an API key, or an anonymous address) has running and refuses one beyond
/// <see cref="QueryLimitsOptions.MaxConcurrentSearchesPerUser"/>, so one caller's expensive searches cannot take every
/// thread while other people's ordinary ones wait.
/// </summary>
public sealed class SearchConcurrencyLimiter(IOptions<QueryLimitsOptions> options)
{
    private readonly Dictionary<string, int> _running = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int MaxPerCaller => options.Value.MaxConcurrentSearchesPerUser;

    /// <summary>Takes a slot for <paramref name="caller"/>; null when it already runs as many searches as allowed.</summary>
    public Lease? TryEnter(string caller)
    {
        lock (_lock)
        {
            var count = _running.GetValueOrDefault(caller);
            if (count >= MaxPerCaller)
            {
                return null;
            }

            _running[caller] = count + 1;
            return new Lease(this, caller);
        }
    }

    /// <summary>Searches <paramref name="caller"/> has running now.</summary>
    public int Running(string caller)
    {
        lock (_lock)
        {
            return _running.GetValueOrDefault(caller);
        }
    }

    private void Leave(string caller)
    {
        lock (_lock)
        {
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

    /// <summary>One running search's slot; disposing it frees the slot once.</summary>
    public sealed class Lease(SearchConcurrencyLimiter owner, string caller) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave(caller);
            }
        }
    }
}
