namespace Console.Web.Tail;

/// <summary>
/// The rows a tail page keeps, newest first, at most <see cref="Capacity"/>: adding past it drops the oldest. A ring, so
/// adding a flush's rows costs those rows, and any row is read by its place (0 = newest) to draw only the rows in view.
/// </summary>
public sealed class TailRowBuffer(int capacity)
{
    private readonly TailRow?[] _ring = new TailRow[capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A tail keeps at least one row.")];
    private int _newest;
    private long _added;

    public int Capacity => _ring.Length;

    public int Count { get; private set; }

    /// <summary>The row at <paramref name="index"/> from the newest (0).</summary>
    public TailRow this[int index] => (uint)index < (uint)Count
        ? _ring[(_newest + index) % _ring.Length]!
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"The buffer holds {Count} rows.");

    /// <summary>Puts <paramref name="newestFirst"/> on top, each with a key no other row of this buffer had; returns how many were added.</summary>
    /// <param name="indexPattern">The pattern the tail follows, for the rows' Discover links.</param>
    public int AddNewest(IReadOnlyList<TailEvent> newestFirst, string indexPattern)
    {
        // Past the capacity only the newest rows of the batch would stay.
        var take = Math.Min(newestFirst.Count, _ring.Length);
        for (var i = take - 1; i >= 0; i--)
        {
            _newest = (_newest - 1 + _ring.Length) % _ring.Length;
            _ring[_newest] = new TailRow(++_added, newestFirst[i], indexPattern);
        }

        Count = Math.Min(Count + take, _ring.Length);
        return newestFirst.Count;
    }

    public void Clear()
    {
        Array.Clear(_ring);
        Count = 0;
    }
}
