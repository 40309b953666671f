namespace Console.Ingest.Pipeline;

/// <summary>A small ring of the latest rejection reasons, so a user can see why events were refused.</summary>
public sealed class RecentRejections(int capacity)
{
    private readonly Queue<(DateTimeOffset At, string Reason)> _items = new(capacity);
    private readonly Lock _lock = new();

    public void Add(DateTimeOffset at, string reason)
    {
        lock (_lock)
        {
            if (_items.Count == capacity)
            {
                _items.Dequeue();
            }

            _items.Enqueue((at, reason));
        }
    }

    public IReadOnlyList<(DateTimeOffset At, string Reason)> Snapshot()
    {
        lock (_lock)
        {
            return _items.ToList();
        }
    }
}
