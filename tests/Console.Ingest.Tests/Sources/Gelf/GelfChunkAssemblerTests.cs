using System.Buffers.Binary;
using Console.Ingest.Sources.Gelf;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Sources.Gelf;

public class GelfChunkAssemblerTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));

    private GelfChunkAssembler Assembler(int maxBytes = 1024, int maxPending = 10) => new(
        new GelfReceiverOptions { MaxMessageBytes = maxBytes, MaxPendingChunkedMessages = maxPending, ChunkTimeout = TimeSpan.FromSeconds(5) }, _clock);

    [Fact]
    public void Chunks_in_any_order_with_duplicates_make_the_message_once()
    {
        var assembler = Assembler();

        Assert.Null(assembler.Add(Chunk(7, 2, 3, "!"), out var r1));
        Assert.Null(assembler.Add(Chunk(7, 0, 3, "hello"), out var r2));
        Assert.Null(assembler.Add(Chunk(7, 0, 3, "hello"), out var r3));
        var whole = assembler.Add(Chunk(7, 1, 3, " world"), out var r4);

        Assert.All(new[] { r1, r2, r3, r4 }, Assert.Null);
        Assert.Equal("hello world!", System.Text.Encoding.UTF8.GetString(whole!));
        Assert.Equal(0, assembler.Pending);
    }

    [Fact]
    public void An_incomplete_message_is_dropped_after_the_timeout_with_how_many_chunks_came()
    {
        var assembler = Assembler();
        assembler.Add(Chunk(1, 0, 4, "a"), out _);
        assembler.Add(Chunk(1, 3, 4, "d"), out _);

        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(assembler.Expire());
        _clock.Advance(TimeSpan.FromSeconds(1));
        var reason = Assert.Single(assembler.Expire());

        Assert.Contains("2 of 4 chunks arrived", reason, StringComparison.Ordinal);
        Assert.Equal(0, assembler.Pending);
        // A late chunk starts a new, again incomplete, message rather than completing the dropped one.
        Assert.Null(assembler.Add(Chunk(1, 1, 4, "b"), out _));
    }

    [Fact]
    public void Limits_refuse_with_reasons()
    {
        var assembler = Assembler(maxBytes: 10, maxPending: 2);

        Assert.Null(assembler.Add([0x1e, 0x0f, 1, 2], out var tooShort));
        Assert.Contains("shorter than the 12-byte chunk header", tooShort, StringComparison.Ordinal);
        Assert.Null(assembler.Add(Chunk(2, 0, 129, "x"), out var tooMany));
        Assert.Contains("announces 129 chunks", tooMany, StringComparison.Ordinal);
        Assert.Null(assembler.Add(Chunk(3, 5, 2, "x"), out var outside));
        Assert.Contains("outside its 2 chunks", outside, StringComparison.Ordinal);
        assembler.Add(Chunk(4, 0, 2, "123456"), out _);
        Assert.Null(assembler.Add(Chunk(4, 1, 2, "789012"), out var tooLong));
        Assert.Contains("longer than MaxMessageBytes (10)", tooLong, StringComparison.Ordinal);

        assembler.Add(Chunk(5, 0, 2, "a"), out _);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        assembler.Add(Chunk(6, 0, 2, "b"), out _);
        assembler.Add(Chunk(7, 0, 2, "c"), out var evicted);
        Assert.Contains("0000000000000005 dropped incomplete", evicted, StringComparison.Ordinal);
        Assert.Equal(2, assembler.Pending);
    }

    [Fact]
    public void A_chunk_may_carry_no_data()
    {
        var assembler = Assembler();
        assembler.Add(Chunk(9, 0, 2, "{}"), out _);

        Assert.Equal("{}", System.Text.Encoding.UTF8.GetString(assembler.Add(Chunk(9, 1, 2, ""), out _)!));
    }

    private static byte[] Chunk(ulong id, byte sequence, byte count, string data)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(data);
        var chunk = new byte[12 + bytes.Length];
        chunk[0] = 0x1e;
        chunk[1] = 0x0f;
        BinaryPrimitives.WriteUInt64BigEndian(chunk.AsSpan(2), id);
        chunk[10] = sequence;
        chunk[11] = count;
        bytes.CopyTo(chunk, 12);
        return chunk;
    }
}
