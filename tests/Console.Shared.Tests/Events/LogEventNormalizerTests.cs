using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Events;

public class LogEventNormalizerTests
{
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    private LogEvent Normalize(string json, string index = "thebot-logs") =>
        new LogEventNormalizer(_clock).Normalize((JsonObject)JsonNode.Parse(json)!, index);

    [Fact]
    public void Python_json_logger_records_map_to_the_schema()
    {
        var logEvent = Normalize("""{"asctime": "2026-11-23 23:14:44,037", "levelname": "WARNING", "name": "thebot.auth", "message": "Failed login", "user_id": "-"}""");

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 23, 14, 44, 37, TimeSpan.Zero), logEvent.Timestamp);
        Assert.Equal("thebot-logs-2026.11.23", logEvent.Index);
        Assert.Equal("WARNING", (string?)logEvent.Source["log_level"]);
        Assert.Equal("thebot.auth", (string?)logEvent.Source["logger"]);
        Assert.Equal("2026-11-23T23:14:44.037Z", (string?)logEvent.Source["@timestamp"]);
        Assert.False(logEvent.Source.ContainsKey("levelname"));
        Assert.False(logEvent.Source.ContainsKey("name"));
        Assert.False(logEvent.Source.ContainsKey("asctime"));
    }

    [Fact]
    public void Logstash_json_lines_lift_extra_and_map_level_logger_and_host()
    {
        var logEvent = Normalize("""{"@timestamp": "2026-11-24T10:00:00.5+01:00", "level": "warn", "logger_name": "celery.worker", "host": "vm", "message": "m", "extra": {"request_id": "r1", "duration_ms": 12.5}}""");

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 0, 0, 500, TimeSpan.Zero), logEvent.Timestamp);
        Assert.Equal("WARNING", (string?)logEvent.Source["log_level"]);
        Assert.Equal("celery.worker", (string?)logEvent.Source["logger"]);
        Assert.Equal("vm", (string?)logEvent.Source["host"]!["name"]);
        Assert.Equal("r1", (string?)logEvent.Source["request_id"]);
        Assert.Equal(12.5, (double?)logEvent.Source["duration_ms"]);
        Assert.False(logEvent.Source.ContainsKey("extra"));
    }

    [Fact]
    public void An_event_without_a_readable_time_is_stamped_now_and_keeps_the_original()
    {
        var logEvent = Normalize("""{"@timestamp": "not a time", "message": "m"}""");

        Assert.Equal(_clock.Now, logEvent.Timestamp);
        Assert.Equal("thebot-logs-2026.11.25", logEvent.Index);
        Assert.Equal("\"not a time\"", (string?)logEvent.Source["@timestamp_original"]);
    }

    [Fact]
    public void Epoch_seconds_and_milliseconds_are_both_read()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763942400), Normalize("""{"timestamp": 1763942400}""").Timestamp);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763942400123), Normalize("""{"timestamp": 1763942400123}""").Timestamp);
    }

    [Fact]
    public void An_index_that_already_names_a_day_is_kept()
    {
        Assert.Equal("metrics-2026.01.01", Normalize("""{"@timestamp": "2026-11-24T00:00:00Z"}""", "metrics-2026.01.01").Index);
    }

    [Theory]
    [InlineData("warn", "WARNING")]
    [InlineData("Information", "INFO")]
    [InlineData("FATAL", "CRITICAL")]
    [InlineData("panic", "CRITICAL")]
    [InlineData("err", "ERROR")]
    [InlineData("notice", "INFO")]
    [InlineData("custom", "CUSTOM")]
    public void Levels_are_normalised(string level, string expected) => Assert.Equal(expected, LogLevels.Normalize(level));
}
