namespace Console.Benchmarks;

/// <summary>A run of NDJSON lines packed into one array (no per-line objects), one indexing batch's worth.</summary>
internal sealed class NdjsonChunk(ReadOnlyMemory<byte> bytes, int[] offsets)
{
    /// <summary>Lines in the chunk.</summary>
    public int Count => offsets.Length - 1;

    /// <summary>All the lines with their newlines, as they go over a socket or into a file.</summary>
    public ReadOnlyMemory<byte> Bytes => bytes;

    /// <summary>Line <paramref name="index"/> without its newline.</summary>
    public ReadOnlySpan<byte> Line(int index) => bytes.Span.Slice(offsets[index], offsets[index + 1] - offsets[index] - 1);
}
