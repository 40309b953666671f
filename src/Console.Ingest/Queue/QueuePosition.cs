namespace Console.Ingest.Queue;

/// <summary>A place in the write-ahead log: a segment number and a byte offset in it.</summary>
public readonly record struct QueuePosition(long Segment, long Offset) : IComparable<QueuePosition>
{
    public int CompareTo(QueuePosition other) =>
        Segment != other.Segment ? Segment.CompareTo(other.Segment) : Offset.CompareTo(other.Offset);

    public static bool operator <(QueuePosition left, QueuePosition right) => left.CompareTo(right) < 0;

    public static bool operator >(QueuePosition left, QueuePosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(QueuePosition left, QueuePosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(QueuePosition left, QueuePosition right) => left.CompareTo(right) >= 0;
}
