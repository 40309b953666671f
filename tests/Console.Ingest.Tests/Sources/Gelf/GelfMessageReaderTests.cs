using System.IO.Compression;
using System.Text;
using Console.Ingest.Sources.Gelf;

namespace Console.Ingest.Tests.Sources.Gelf;

public class GelfMessageReaderTests
{
    private const string Docker = """
        {"version":"1.1","host":"docker-host","short_message":"GET / 200","timestamp":1763892000.5,"level":6,
         "_container_name":"web","_image_name":"nginx:1.27","_id":"dropped","facility":"old-style","_tag":"abc"}
        """;

    [Theory]
    [InlineData("plain")]
    [InlineData("gzip")]
    [InlineData("zlib")]
    public void Docker_gelf_message_is_read_plain_or_compressed(string encoding)
    {
        var payload = Encoding.UTF8.GetBytes(Docker);
        payload = encoding switch
        {
            "gzip" => Compress(payload, s => new GZipStream(s, CompressionLevel.Fastest)),
            "zlib" => Compress(payload, s => new ZLibStream(s, CompressionLevel.Fastest)),
            _ => payload,
        };

        var e = GelfMessageReader.Read(payload, 4096, "10.0.0.9", out var rejection);

        Assert.Null(rejection);
        Assert.Equal("GET / 200", (string?)e!["message"]);
        Assert.Equal("docker-host", (string?)e["host"]!["name"]);
        Assert.Equal("2025-11-23T10:00:00.500Z", (string?)e["@timestamp"]);
        Assert.Equal("INFO", (string?)e["log_level"]);
        Assert.Equal("web", (string?)e["container_name"]);
        Assert.Equal("nginx:1.27", (string?)e["image_name"]);
        Assert.Equal("old-style", (string?)e["facility"]);
        Assert.False(e.ContainsKey("id"));
        Assert.False(e.ContainsKey("_id"));
        Assert.False(e.ContainsKey("short_message"));
    }

    [Theory]
    [InlineData(0, "CRITICAL")]
    [InlineData(2, "CRITICAL")]
    [InlineData(3, "ERROR")]
    [InlineData(4, "WARNING")]
    [InlineData(5, "INFO")]
    [InlineData(7, "DEBUG")]
    public void Syslog_levels_map_to_the_five(int level, string expected)
    {
        var e = GelfMessageReader.Read(Encoding.UTF8.GetBytes($$"""{"short_message":"x","level":{{level}}}"""), 4096, null, out _);

        Assert.Equal(expected, (string?)e!["log_level"]);
    }

    [Fact]
    public void Full_message_is_kept_and_is_the_message_without_a_short_one_and_the_sender_is_the_host_when_none_is_named()
    {
        var both = GelfMessageReader.Read("""{"short_message":"boom","full_message":"boom\n at x"}"""u8, 4096, "10.0.0.9", out _)!;
        var onlyFull = GelfMessageReader.Read("""{"full_message":"trace"}"""u8, 4096, null, out _)!;

        Assert.Equal("boom", (string?)both["message"]);
        Assert.Equal("boom\n at x", (string?)both["full_message"]);
        Assert.Equal("10.0.0.9", (string?)both["host"]!["name"]);
        Assert.Equal("trace", (string?)onlyFull["message"]);
    }

    [Fact]
    public void Bad_messages_are_refused_with_reasons()
    {
        Assert.Null(GelfMessageReader.Read("{\"short_message\": "u8, 4096, null, out var json));
        Assert.StartsWith("invalid JSON", json, StringComparison.Ordinal);
        Assert.Null(GelfMessageReader.Read("""{"host":"x"}"""u8, 4096, null, out var missing));
        Assert.Equal("short_message is required", missing);
        Assert.Null(GelfMessageReader.Read("[1]"u8, 4096, null, out var array));
        Assert.Equal("a GELF message must be a JSON object", array);
        Assert.Null(GelfMessageReader.Read([0x1f, 0x8b, 0x08, 0x00, 0x01], 4096, null, out var corrupt));
        Assert.StartsWith("gzip data is corrupt", corrupt, StringComparison.Ordinal);

        var bomb = Compress(Encoding.UTF8.GetBytes($$"""{"short_message":"{{new string('a', 100_000)}}"}"""), s => new GZipStream(s, CompressionLevel.Optimal));
        Assert.True(bomb.Length < 4096);
        Assert.Null(GelfMessageReader.Read(bomb, 4096, null, out var inflated));
        Assert.Equal("gzip message inflates to more than MaxMessageBytes (4096)", inflated);
    }

    [Fact]
    public void Zlib_data_that_asks_for_a_preset_dictionary_is_refused_not_thrown()
    {
        // 0x78 0x20: a valid zlib header with FDICT set (as random bytes make now and then); zlib answers "need dictionary",
        // which .NET throws as ZLibException, an IOException, not InvalidDataException. Thrown, it ended the GELF UDP reader.
        Assert.Null(GelfMessageReader.Read([0x78, 0x20, 0x42, 0x4d, 0x1e, 0x90], 4096, null, out var rejection));
        Assert.StartsWith("zlib data is corrupt", rejection, StringComparison.Ordinal);
    }

    private static byte[] Compress(byte[] data, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(data);
        }

        return output.ToArray();
    }
}
