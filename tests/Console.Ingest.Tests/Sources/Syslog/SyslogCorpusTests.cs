using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Ingest.Sources.Syslog;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Sources.Syslog;

/// <summary>The two rsyslog outputs of the shared corpus, checked against the manifest's ground truth.</summary>
public class SyslogCorpusTests
{
    private const string Traditional = "syslog/syslog";
    private const string Rfc5424 = "syslog/syslog.rfc5424.log";

    // The corpus was written on 2026-11-23; its 3164 dates must land in that year.
    private static readonly DateTimeOffset GeneratedAt = new(2026, 11, 23, 23, 15, 34, TimeSpan.Zero);

    private static List<JsonObject> ParseFile(string relative)
    {
        var parser = new SyslogMessageParser(new FixedClock(GeneratedAt));
        return File.ReadAllLines(Corpus.PathOf(relative)).Select(line => parser.Parse(line)).ToList();
    }

    private static Dictionary<string, long> CountBy(IEnumerable<JsonObject> events, string path) =>
        events.GroupBy(e => EventField.Text(e, path) ?? "(none)").ToDictionary(g => g.Key, g => (long)g.Count());

    private static Dictionary<string, long> Expected(JsonElement truth, string property) =>
        truth.GetProperty(property).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    private static void AssertEveryLineParsed(List<JsonObject> events, JsonElement truth)
    {
        Assert.Equal(truth.GetProperty("lines").GetInt64(), events.Count);
        var failures = events.Where(e => e["tags"] is not null).Select(e => e.ToJsonString()).ToList();
        Assert.True(failures.Count == truth.GetProperty("unparsed_lines").GetInt64(), string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void Every_line_of_the_traditional_file_parses_with_the_manifests_programs_and_hosts()
    {
        var truth = Corpus.Truth(Traditional);
        var events = ParseFile(Traditional);

        AssertEveryLineParsed(events, truth);
        Assert.Equal(1198, events.Count);
        Assert.Equal(Expected(truth, "by_program"), CountBy(events, "process.name"));
        Assert.Equal(Expected(truth, "by_host"), CountBy(events, "host.name"));
        Assert.All(events, e => Assert.StartsWith("2026-11-23T23:1", EventField.Text(e, "@timestamp"), StringComparison.Ordinal));
    }

    [Fact]
    public void Every_line_of_the_rfc5424_file_parses_with_the_manifests_apps_severities_facilities_and_structured_data()
    {
        var truth = Corpus.Truth(Rfc5424);
        var events = ParseFile(Rfc5424);

        AssertEveryLineParsed(events, truth);
        Assert.Equal(1198, events.Count);
        Assert.Equal(Expected(truth, "by_app_name"), CountBy(events, "process.name"));
        Assert.Equal(Expected(truth, "by_app_name"), CountBy(events, "service"));
        Assert.Equal(Expected(truth, "by_severity"), CountBy(events, "syslog.severity_name"));
        Assert.Equal(Expected(truth, "by_facility"), CountBy(events, "syslog.facility_name"));
        Assert.Equal(truth.GetProperty("with_structured_data").GetInt64(), events.Count(e => e["syslog"]?["sd"] is not null));
    }

    [Fact]
    public void Health_checks_carry_their_structured_data()
    {
        var health = ParseFile(Rfc5424).Where(e => EventField.Text(e, "process.name") == "thebot-healthcheck").ToList();

        Assert.Equal(150, health.Count);
        Assert.All(health, e =>
        {
            var component = EventField.Text(e, "syslog.sd.health@32473.component");
            Assert.Equal("1", EventField.Text(e, "syslog.sd.timeQuality.tzKnown"));
            Assert.Contains(component, new[] { "db", "redis", "celery" });
            Assert.StartsWith(component + " ", EventField.Text(e, "message"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Both_files_say_the_same_thing_line_for_line()
    {
        var traditional = ParseFile(Traditional);
        var rfc5424 = ParseFile(Rfc5424);

        Assert.Equal(traditional.Count, rfc5424.Count);
        for (var i = 0; i < traditional.Count; i++)
        {
            var (a, b) = (traditional[i], rfc5424[i]);
            var line = $"line {i + 1}: {a.ToJsonString()} vs {b.ToJsonString()}";
            Assert.True(EventField.Text(a, "host.name") == EventField.Text(b, "host.name"), line);
            Assert.True(EventField.Text(a, "process.name") == EventField.Text(b, "process.name"), line);
            Assert.True(EventField.Text(a, "process.pid") == EventField.Text(b, "process.pid"), line);
            Assert.True(EventField.Text(a, "message") == EventField.Text(b, "message"), line);
            // The traditional format has whole seconds only.
            Assert.True(EventField.Text(a, "@timestamp")![..19] == EventField.Text(b, "@timestamp")![..19], line);
        }
    }
}
