using System.Text;
using Console.Shared.Storage.Embedded;
using Lucene.Net.Codecs.Compressing;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// The stored fields' compressor must write what Lucene's LZ4 decompressor reads: segments written before it (Lucene's
/// compressor) and after it are read by the same decompressor, and a segment does not record which wrote it.
/// </summary>
public sealed class Lz4BlockCompressorTests
{
    public static TheoryData<string, int> Inputs() => new()
    {
        { "empty", 0 },
        { "one byte", 1 },
        { "shorter than a match", 11 },
        { "log lines", 4_300 },
        { "log lines", 70_000 },
        { "random bytes", 5_000 },
        { "one repeated byte", 100_000 },
        { "random with far repeats", 200_000 },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Lucenes_decompressor_reads_back_every_chunk_whole_and_in_part(string kind, int length)
    {
        var chunk = Chunk(kind, length, seed: length);
        var compressed = Compress(chunk, padding: 3);

        Assert.Equal(chunk, Decompress(compressed, chunk.Length, 0, chunk.Length));
        var random = new Random(length);
        for (var i = 0; i < 20 && chunk.Length > 0; i++)
        {
            var offset = random.Next(chunk.Length);
            var count = random.Next(chunk.Length - offset + 1);
            Assert.Equal(chunk.AsSpan(offset, count).ToArray(), Decompress(compressed, chunk.Length, offset, count));
        }
    }

    [Fact]
    public void Compresses_log_lines_as_well_as_lucenes_own_compressor()
    {
        var chunk = Chunk("log lines", 64 * 1024, seed: 7);
        var ours = Compress(chunk, padding: 0).Length;
        var lucenes = new ByteArrayDataOutput(new byte[Bound(chunk.Length)]);
        CompressionMode.FAST.NewCompressor().Compress(chunk, 0, chunk.Length, lucenes);

        Assert.True(ours <= lucenes.Position * 1.05, $"{ours} bytes against Lucene's {lucenes.Position}");
        Assert.True(ours < chunk.Length / 2, $"{ours} bytes for {chunk.Length}: log lines compress");
    }

    [Fact]
    public void A_compressor_reused_for_a_smaller_chunk_writes_only_that_chunk()
    {
        var compressor = Lz4BlockCompressionMode.Instance.NewCompressor();
        var large = Chunk("random bytes", 50_000, seed: 1);
        var small = Chunk("log lines", 600, seed: 2);
        var written = new byte[Bound(large.Length) + Bound(small.Length)];
        var output = new ByteArrayDataOutput(written);
        compressor.Compress(large, 0, large.Length, output);
        var afterLarge = output.Position;
        compressor.Compress(small, 0, small.Length, output);

        var both = new ByteArrayDataInput(written, 0, output.Position);
        Assert.Equal(large, DecompressFrom(both, large.Length));
        Assert.Equal(afterLarge, both.Position);
        Assert.Equal(small, DecompressFrom(both, small.Length));
        Assert.Equal(output.Position, both.Position);
    }

    private static int Bound(int length) => length + length / 255 + 16;

    private static byte[] Compress(byte[] chunk, int padding)
    {
        // Offsets inside a larger array, as the stored fields writer passes its buffer.
        var buffer = new byte[chunk.Length + 2 * padding];
        chunk.CopyTo(buffer, padding);
        var written = new byte[Bound(chunk.Length)];
        var output = new ByteArrayDataOutput(written);
        Lz4BlockCompressionMode.Instance.NewCompressor().Compress(buffer, padding, chunk.Length, output);
        return written.AsSpan(0, output.Position).ToArray();
    }

    private static byte[] Decompress(byte[] compressed, int originalLength, int offset, int length)
    {
        var bytes = new BytesRef();
        Lz4BlockCompressionMode.Instance.NewDecompressor().Decompress(new ByteArrayDataInput(compressed), originalLength, offset, length, bytes);
        return bytes.Bytes.AsSpan(bytes.Offset, bytes.Length).ToArray();
    }

    private static byte[] DecompressFrom(ByteArrayDataInput input, int originalLength)
    {
        var bytes = new BytesRef();
        Lz4BlockCompressionMode.Instance.NewDecompressor().Decompress(input, originalLength, 0, originalLength, bytes);
        return bytes.Bytes.AsSpan(bytes.Offset, bytes.Length).ToArray();
    }

    private static byte[] Chunk(string kind, int length, int seed)
    {
        var random = new Random(seed);
        var chunk = new byte[length];
        switch (kind)
        {
            case "random bytes":
                random.NextBytes(chunk);
                break;
            case "one repeated byte":
                chunk.AsSpan().Fill((byte)'x');
                break;
            case "random with far repeats":
                random.NextBytes(chunk);
                for (var at = 70_000; at + 1_000 < length; at += 9_000)
                {
                    chunk.AsSpan(at - 65_000, 1_000).CopyTo(chunk.AsSpan(at)); // a match 65,000 bytes back, near LZ4's limit
                }

                break;
            default:
                var text = new StringBuilder();
                while (text.Length < length)
                {
                    text.Append(
                        $$"""{"asctime": "2026-11-23 12:{{random.Next(60):D2}}:{{random.Next(60):D2}},{{random.Next(1000):D3}}", "levelname": "INFO", "name": "thebot.http", "message": "GET /api/lessons/{{random.Next(300)}}/ 200", "duration_ms": {{random.Next(1000)}}.{{random.Next(10)}}, "request_id": "{{random.NextInt64():x16}}"}""");
                    text.Append('\n');
                }

                Encoding.ASCII.GetBytes(text.ToString(0, length)).CopyTo(chunk, 0);
                break;
        }

        return chunk;
    }
}
