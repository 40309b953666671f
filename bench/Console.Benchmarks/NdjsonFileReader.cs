using System.Buffers;

namespace Console.Benchmarks;

/// <summary>Reads an NDJSON file as chunks of whole lines, so a child indexes a file bigger than it wants to hold in memory.</summary>
/// <remarks>
/// Every chunk is packed into the same array, so a chunk is only valid until the next one is read: a new ~1.5 MB array
/// per chunk went to the large object heap, and its ~11 MB/s of large allocations started about half of the store
/// child's background full collections, which the store's own allocations did not need (BENCHMARKS.md, findings of
/// 2026-11-28 06:00).
/// </remarks>
internal static class NdjsonFileReader
{
    public static IEnumerable<NdjsonChunk> Read(string path, int linesPerChunk)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20, FileOptions.SequentialScan);
        var block = new byte[1 << 20];
        var lines = new ArrayBufferWriter<byte>(linesPerChunk * 320);
        var offsets = new List<int>(linesPerChunk + 1) { 0 };
        int read;
        while ((read = file.Read(block, 0, block.Length)) > 0)
        {
            var position = 0;
            int newline;
            while ((newline = Array.IndexOf(block, (byte)'\n', position, read - position)) >= 0)
            {
                lines.Write(block.AsSpan(position, newline + 1 - position));
                offsets.Add(lines.WrittenCount);
                position = newline + 1;
                if (offsets.Count - 1 == linesPerChunk)
                {
                    yield return Chunk(lines, offsets);
                    lines.ResetWrittenCount();
                    offsets.Clear();
                    offsets.Add(0);
                }
            }

            lines.Write(block.AsSpan(position, read - position)); // the start of a line continued in the next block
        }

        if (lines.WrittenCount > offsets[^1])
        {
            lines.Write("\n"u8); // a last line without its newline
            offsets.Add(lines.WrittenCount);
        }

        if (offsets.Count > 1)
        {
            yield return Chunk(lines, offsets);
        }
    }

    private static NdjsonChunk Chunk(ArrayBufferWriter<byte> lines, List<int> offsets) =>
        new(lines.WrittenMemory, [.. offsets]);
}
