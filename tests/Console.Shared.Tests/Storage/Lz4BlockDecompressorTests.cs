using System.Text;
using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;
using Lucene.Net.Codecs.Compressing;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// The stored fields' decompressor must read what Lucene's reads, and leave the file where Lucene's leaves it: a chunk
/// cut into slices (a large document) is read slice after slice from where the last one ended.
/// </summary>
public sealed class Lz4BlockDecompressorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Reads_chunks_of_either_compressor_back_to_back_and_leaves_the_file_where_lucenes_decompressor_does()
    {
        var chunks = Enumerable.Range(0, 40).Select(i => Chunk(i, length: i == 0 ? 0 : 100 + i * 997)).ToList();
        var file = Write(chunks, compressorOf: i => i % 2 == 0 ? Lz4BlockCompressionMode.Instance.NewCompressor() : CompressionMode.FAST.NewCompressor());
        using var directory = new MMapDirectory(new DirectoryInfo(Folder));
        using var ours = directory.OpenInput(file, IOContext.READ);
        using var lucenes = directory.OpenInput(file, IOContext.READ);
        var decompressor = Lz4BlockCompressionMode.Instance.NewDecompressor();
        var reference = CompressionMode.FAST.NewDecompressor();

        foreach (var chunk in chunks)
        {
            var bytes = new BytesRef();
            decompressor.Decompress(ours, chunk.Length, 0, chunk.Length, bytes);
            reference.Decompress(lucenes, chunk.Length, 0, chunk.Length, new BytesRef());

            Assert.Equal(chunk, bytes.Bytes.AsSpan(bytes.Offset, bytes.Length).ToArray());
            Assert.Equal(lucenes.Position, ours.Position);
        }

        Assert.Equal(ours.Length, ours.Position);
    }

    [Fact]
    public void Reads_part_of_a_chunk_as_lucenes_decompressor_does()
    {
        var chunk = Chunk(3, length: 16_000);
        var file = Write([chunk], compressorOf: _ => Lz4BlockCompressionMode.Instance.NewCompressor());
        using var directory = new MMapDirectory(new DirectoryInfo(Folder));
        using var ours = directory.OpenInput(file, IOContext.READ);
        using var lucenes = directory.OpenInput(file, IOContext.READ);
        var random = new Random(5);
        for (var i = 0; i < 50; i++)
        {
            var offset = random.Next(chunk.Length);
            var length = random.Next(chunk.Length - offset + 1);
            ours.Seek(0);
            lucenes.Seek(0);
            var bytes = new BytesRef();
            Lz4BlockCompressionMode.Instance.NewDecompressor().Decompress(ours, chunk.Length, offset, length, bytes);
            CompressionMode.FAST.NewDecompressor().Decompress(lucenes, chunk.Length, offset, length, new BytesRef());

            Assert.Equal(chunk.AsSpan(offset, length).ToArray(), bytes.Bytes.AsSpan(bytes.Offset, bytes.Length).ToArray());
            Assert.Equal(lucenes.Position, ours.Position);
        }
    }

    [Fact]
    public void A_chunk_that_points_before_its_start_or_runs_past_the_file_is_a_corrupt_index()
    {
        // A literal "a", then a match 9 bytes back: before the first byte written.
        File.WriteAllBytes(Path.Combine(Folder, "back"), [0x10, (byte)'a', 9, 0, 0x00]);
        // Twenty literals announced, three present.
        File.WriteAllBytes(Path.Combine(Folder, "short"), [0xF0, 5, (byte)'a', (byte)'b', (byte)'c']);
        using var directory = new MMapDirectory(new DirectoryInfo(Folder));
        foreach (var file in new[] { "back", "short" })
        {
            using var input = directory.OpenInput(file, IOContext.READ);
            Assert.Throws<CorruptIndexException>(() => Lz4BlockCompressionMode.Instance.NewDecompressor().Decompress(input, 20, 0, 20, new BytesRef()));
        }
    }

    [Fact]
    public void Each_clone_has_its_own_buffer()
    {
        var decompressor = Lz4BlockCompressionMode.Instance.NewDecompressor();
        Assert.NotSame(decompressor, decompressor.Clone());
        Assert.IsType<Lz4BlockDecompressor>(decompressor.Clone());
    }

    private string Write(List<byte[]> chunks, Func<int, Compressor> compressorOf)
    {
        var name = "chunks-" + Guid.NewGuid().ToString("N");
        using var directory = FSDirectory.Open(Folder);
        using var output = directory.CreateOutput(name, IOContext.DEFAULT);
        for (var i = 0; i < chunks.Count; i++)
        {
            compressorOf(i).Compress(chunks[i], 0, chunks[i].Length, output);
        }

        return name;
    }

    private static byte[] Chunk(int seed, int length)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        while (text.Length < length)
        {
            text.Append(random.Next(4) == 0
                ? new string((char)('a' + random.Next(26)), random.Next(1, 300)) // runs: matches that overlap what they write
                : $$"""{"levelname": "WARNING", "message": "Task thebot.tasks.send_reminders[{{random.NextInt64():x12}}] retry in {{random.Next(90)}}s", "duration_ms": {{random.Next(5000)}}}""");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }
}
