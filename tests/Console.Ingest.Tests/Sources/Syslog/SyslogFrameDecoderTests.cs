using System.IO.Pipelines;
using System.Text;
using Console.Ingest.Sources.Syslog;

namespace Console.Ingest.Tests.Sources.Syslog;

public class SyslogFrameDecoderTests
{
    /// <summary>Feeds <paramref name="stream"/> through a pipe in chunks, reading as the TCP listener does; rejections come out as "!reason".</summary>
    private static async Task<List<string>> Decode(string stream, int chunk = int.MaxValue, int max = 256)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 16));
        var decoder = new SyslogFrameDecoder(max);
        var frames = new List<string>();
        for (var i = 0; i <= bytes.Length; i += chunk)
        {
            var last = i + chunk >= bytes.Length;
            await pipe.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(chunk, bytes.Length - i)));
            if (last)
            {
                await pipe.Writer.CompleteAsync();
            }

            var read = await pipe.Reader.ReadAsync();
            var buffer = read.Buffer;
            while (decoder.TryRead(ref buffer, out var frame) || (read.IsCompleted && decoder.TryReadLast(ref buffer, out frame)))
            {
                frames.Add(frame.Rejection is { } reason ? "!" + reason : Encoding.UTF8.GetString(frame.Payload));
            }

            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
            if (last)
            {
                break;
            }
        }

        return frames;
    }

    private static async Task AssertAtEveryChunkSize(string stream, string[] expected, int max = 256)
    {
        foreach (var chunk in new[] { 1, 2, 3, 7, 16, 100, int.MaxValue })
        {
            var frames = await Decode(stream, chunk, max);
            Assert.True(expected.SequenceEqual(frames.Select(f => f.StartsWith('!') ? "!" : f)),
                $"chunk {chunk}: got [{string.Join(" | ", frames)}]");
        }
    }

    [Fact]
    public Task Lf_crlf_and_nul_all_end_a_message_and_blank_lines_are_ignored() =>
        AssertAtEveryChunkSize("<13>a\n<13>b\r\n<13>c\0\n\r\n<13>d\n", ["<13>a", "<13>b", "<13>c", "<13>d"]);

    [Fact]
    public Task Octet_counted_frames_are_cut_by_length_even_with_line_ends_inside() =>
        AssertAtEveryChunkSize("5 <13>a8 <13>b\nc\n3 xyz", ["<13>a", "<13>b\nc\n", "xyz"]);

    [Fact]
    public Task Framing_is_decided_per_message() =>
        AssertAtEveryChunkSize("6 <13>a1<13>b2\n6 <13>c3\n<13>d4\n", ["<13>a1", "<13>b2", "<13>c3", "<13>d4"]);

    [Fact]
    public Task A_line_that_starts_with_digits_but_no_length_is_lf_framed() =>
        AssertAtEveryChunkSize("2026-11-23T23:14:45Z vm app: x\n12345678901 too many digits\n", ["2026-11-23T23:14:45Z vm app: x", "12345678901 too many digits"]);

    [Fact]
    public Task Zero_length_frames_are_skipped() => AssertAtEveryChunkSize("0 0 3 abc", ["abc"]);

    [Fact]
    public Task Oversize_octet_counted_message_is_refused_and_its_bytes_skipped()
    {
        // The skipped payload looks like more messages in both framings; none of them may come out.
        var payload = ("\n<13>fake\n5 fake" + new string('x', 300))[..300];
        return AssertAtEveryChunkSize($"7 <13>ok1300 {payload}7 <13>ok2<13>ok3\n", ["<13>ok1", "!", "<13>ok2", "<13>ok3"]);
    }

    [Fact]
    public Task Oversize_line_is_refused_and_skipped_to_its_end()
    {
        var line = ("<13>" + new string('y', 100) + " 5 fake " + new string('z', 400))[..400];
        return AssertAtEveryChunkSize($"<13>ok1\n{line}\n<13>ok2\n", ["<13>ok1", "!", "<13>ok2"]);
    }

    [Fact]
    public async Task Oversize_reasons_name_the_limit()
    {
        var frames = await Decode($"300 {new string('x', 300)}{new string('y', 300)}\n", max: 256);

        Assert.Equal("!octet-counted message of 300 bytes is longer than MaxMessageBytes (256); skipped", frames[0]);
        Assert.StartsWith("!line", frames[1], StringComparison.Ordinal);
        Assert.Contains("MaxMessageBytes (256)", frames[1], StringComparison.Ordinal);
        Assert.Equal(2, frames.Count);
    }

    [Fact]
    public Task A_message_of_exactly_the_limit_is_taken() =>
        AssertAtEveryChunkSize($"256 {new string('a', 256)}{new string('b', 256)}\n", [new string('a', 256), new string('b', 256)]);

    [Fact]
    public Task An_unterminated_last_line_is_a_message() => AssertAtEveryChunkSize("<13>a\n<13>last", ["<13>a", "<13>last"]);

    [Fact]
    public async Task A_cut_octet_counted_frame_at_the_end_is_refused()
    {
        var frames = await Decode("6 <13>ok10 <13>cut");

        Assert.Equal(["<13>ok", "!connection closed inside an octet-counted message (7 of 10 bytes received)"], frames);
    }
}
