using K4os.Compression.LZ4;
using Lucene.Net.Codecs.Compressing;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Reads a stored-fields chunk in the LZ4 block format as Lucene's decompressor does, ~2.3 times as fast on a memory-mapped
/// file: Lucene's reads every token and offset through a virtual <see cref="DataInput.ReadByte"/>, which cost more than
/// the copying (~500 MB/s against ~1,150 MB/s here on the corpus's 4 KB chunks). The chunk does not say how long it is,
/// so this reads as many bytes as a chunk of its length can take up, decodes them and moves the file pointer back to just
/// after the bytes used, where Lucene's decompressor leaves it. Inputs that cannot seek back (a merge reads through a
/// checksum) go to Lucene's decompressor. One
/// per stored-fields reader (<see cref="Clone"/> makes another), so its buffer is not shared between threads.
/// </summary>
internal sealed class Lz4BlockDecompressor(Decompressor fallback) : Decompressor
{
    private byte[] _compressed = [];

    public override void Decompress(DataInput @in, int originalLength, int offset, int length, BytesRef bytes)
    {
        if (@in is not IndexInput input || input is ChecksumIndexInput)
        {
            fallback.Decompress(@in, originalLength, offset, length, bytes);
            return;
        }

        // As Lucene's: room for the whole chunk and seven bytes more.
        if (bytes.Bytes.Length < originalLength + 7)
        {
            bytes.Bytes = new byte[ArrayUtil.Oversize(originalLength + 7, 1)];
        }

        var start = input.Position;
        var available = (int)Math.Min(input.Length - start, LZ4Codec.MaximumOutputSize(originalLength));
        if (_compressed.Length < available)
        {
            _compressed = new byte[ArrayUtil.Oversize(available, 1)];
        }

        input.ReadBytes(_compressed, 0, available);
        int used, decompressed;
        try
        {
            (used, decompressed) = Decode(_compressed.AsSpan(0, available), bytes.Bytes.AsSpan(0, originalLength), offset + length);
        }
        catch (ArgumentException ex)
        {
            throw new CorruptIndexException($"Corrupted LZ4 chunk at {start} (resource={input}): {ex.Message}", ex);
        }
        catch (IndexOutOfRangeException ex)
        {
            throw new CorruptIndexException($"Corrupted LZ4 chunk at {start} (resource={input}): it runs past its end", ex);
        }

        input.Seek(start + used);
        if (decompressed > originalLength)
        {
            throw new CorruptIndexException($"Corrupted: lengths mismatch: {decompressed} > {originalLength} (resource={input})");
        }

        bytes.Offset = offset;
        bytes.Length = length;
    }

    public override object Clone() => new Lz4BlockDecompressor(fallback);

    /// <summary>
    /// Decodes sequences until at least <paramref name="wanted"/> bytes are out (Lucene's decompressor stops at the same
    /// point); returns the compressed bytes used and the bytes written.
    /// </summary>
    internal static (int Used, int Written) Decode(ReadOnlySpan<byte> source, Span<byte> destination, int wanted)
    {
        int read = 0, written = 0;
        do
        {
            int token = source[read++];
            var literals = token >> 4;
            if (literals == 0x0F)
            {
                literals += ReadLength(source, ref read);
            }

            source.Slice(read, literals).CopyTo(destination[written..]);
            read += literals;
            written += literals;
            if (written >= wanted)
            {
                break;
            }

            var distance = source[read] | (source[read + 1] << 8);
            read += 2;
            var matchLength = token & 0x0F;
            if (matchLength == 0x0F)
            {
                matchLength += ReadLength(source, ref read);
            }

            matchLength += 4; // LZ4's shortest match
            var from = written - distance;
            if (distance == 0 || from < 0)
            {
                throw new ArgumentException($"a match {distance} bytes back at output byte {written}");
            }

            if (distance >= matchLength)
            {
                destination.Slice(from, matchLength).CopyTo(destination[written..]);
            }
            else
            {
                // The match overlaps what it writes (a run): byte by byte, as each byte may be one just written.
                for (var i = 0; i < matchLength; i++)
                {
                    destination[written + i] = destination[from + i];
                }
            }

            written += matchLength;
        }
        while (written < wanted);

        return (read, written);
    }

    private static int ReadLength(ReadOnlySpan<byte> source, ref int read)
    {
        var length = 0;
        byte next;
        while ((next = source[read++]) == 0xFF)
        {
            length += 0xFF;
        }

        return length + next;
    }
}
