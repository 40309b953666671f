namespace Console.Web.Searching;

/// <summary>One running search's slot in <see cref="SearchConcurrencyLimiter"/>; disposing it frees the slot once.</summary>
public sealed class SearchSlot : IDisposable
{
    private readonly SearchConcurrencyLimiter _owner;
    private readonly string _caller;
    private int _disposed;

    internal SearchSlot(SearchConcurrencyLimiter owner, string caller)
    {
        _owner = owner;
        _caller = caller;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _owner.Leave(_caller);
        }
    }
}
