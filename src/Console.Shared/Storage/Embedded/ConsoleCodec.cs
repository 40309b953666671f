using Lucene.Net.Codecs;
using Lucene.Net.Codecs.Compressing;
using Lucene.Net.Codecs.Lucene46;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Lucene 4.6's codec with stored fields compressed in 4 KB chunks instead of 16 KB. Reading one hit's <c>_source</c>
/// decompresses its chunk up to the hit, and Lucene.Net's LZ4 decompression is slow (a byte copy per match): three
/// quarters of a 176-hit search's time over 1 M events went to it for the page's 50 hits, each in a chunk of its own.
/// Smaller chunks cost a little disk (less history to compress from). Chunks are written and read by
/// <see cref="Lz4BlockCompressionMode"/>: Lucene's LZ4 format, compressed and decompressed faster (a random hit's
/// <c>_source</c> in 3.5 instead of 5.4 µs). Segments written by the default codec before it stay readable: a segment
/// names its codec.
/// </summary>
[CodecName(RegisteredName)]
public sealed class ConsoleCodec : FilterCodec
{
    public const string RegisteredName = "Console46";

    /// <summary>Bytes of documents compressed together in the stored fields.</summary>
    public const int StoredFieldsChunkBytes = 4 * 1024;

    private static readonly StoredFieldsFormat StoredFields =
        new CompressingStoredFieldsFormat("ConsoleStoredFields", Lz4BlockCompressionMode.Instance, StoredFieldsChunkBytes);

    static ConsoleCodec()
    {
        // Readers find a segment's codec by its name: the factory must know this one before any index is opened.
        Codec.SetCodecFactory(new DefaultCodecFactory { CustomCodecTypes = [typeof(ConsoleCodec)] });
    }

    public ConsoleCodec()
        : base(new Lucene46Codec())
    {
    }

    /// <summary>The codec new segments are written with.</summary>
    public static ConsoleCodec Instance { get; } = new();

    /// <summary>Makes the codec known to Lucene's readers (its static constructor does; this only makes sure it ran).</summary>
    public static void Register()
    {
    }

    public override StoredFieldsFormat StoredFieldsFormat => StoredFields;
}
