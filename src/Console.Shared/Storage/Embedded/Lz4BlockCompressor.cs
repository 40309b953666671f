using K4os.Compression.LZ4;
using Lucene.Net.Codecs.Compressing;
using Lucene.Net.Store;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Writes a chunk in the LZ4 block format that Lucene's LZ4 decompressor reads: a sequence of literals and matches with
/// 16-bit offsets, ending in literals, and no length prefix (the reader knows the chunk's decompressed length). One per
/// stored-fields writer, so its buffer is not shared between threads.
/// </summary>
internal sealed class Lz4BlockCompressor : Compressor
{
    private byte[] _compressed = [];

    public override void Compress(byte[] bytes, int off, int len, DataOutput @out)
    {
        if (len == 0)
        {
            // Lucene's decompressor reads at least one token: write the empty run of literals its compressor writes.
            @out.WriteByte(0);
            return;
        }

        var bound = LZ4Codec.MaximumOutputSize(len);
        if (_compressed.Length < bound)
        {
            _compressed = new byte[bound];
        }

        var written = LZ4Codec.Encode(bytes.AsSpan(off, len), _compressed, LZ4Level.L00_FAST);
        if (written < 0)
        {
            throw new InvalidOperationException($"LZ4 could not compress a {len}-byte chunk into {bound} bytes.");
        }

        @out.WriteBytes(_compressed, 0, written);
    }
}
