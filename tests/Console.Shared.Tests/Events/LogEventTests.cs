using System.Text;
using Console.Shared.Events;

namespace Console.Shared.Tests.Events;

public sealed class LogEventTests
{
    [Fact]
    public void An_event_made_from_json_keeps_the_bytes_and_parses_its_source_when_read()
    {
        var json = Encoding.UTF8.GetBytes("""{"message":"caf\u00e9","http":{"status":503}}""");

        var logEvent = new LogEvent("id-1", "thebot-logs-2026.11.27", DateTimeOffset.UnixEpoch, json);

        Assert.Equal(json, logEvent.SourceJson!.Value.ToArray());
        Assert.Equal("café", (string?)logEvent.Source["message"]);
        Assert.Equal(503, (int?)logEvent.Source["http"]!["status"]);
        Assert.Same(logEvent.Source, logEvent.Source);
    }

    [Fact]
    public void A_copy_with_another_flag_keeps_the_bytes_and_the_source()
    {
        var logEvent = new LogEvent("id-1", "thebot-logs-2026.11.27", DateTimeOffset.UnixEpoch, Encoding.UTF8.GetBytes("""{"a":1}"""));

        var upsert = logEvent with { MayExist = true };

        Assert.True(upsert.MayExist);
        Assert.Equal(logEvent.SourceJson!.Value.ToArray(), upsert.SourceJson!.Value.ToArray());
        Assert.Equal(1, (int?)upsert.Source["a"]);
    }
}
