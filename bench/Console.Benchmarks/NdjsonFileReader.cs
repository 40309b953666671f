using System.Buffers;

namespace Console.Benchmarks;

/// <summary>Reads an NDJSON file as chunks of whole lines, so a child indexes a file bigger than it wants to hold in memory.</summary>
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
                    yield return new NdjsonChunk(lines.WrittenSpan.ToArray(), [.. offsets]);
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
            yield return new NdjsonChunk(lines.WrittenSpan.ToArray(), [.. offsets]);
        }
    }
}
