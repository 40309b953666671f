using Console.Ingest.Decoding;
using Console.Ingest.Sources.Syslog;
using Console.Web.Demo;

namespace Console.Web.Tests.Demo;

public class DemoLogFactoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_same_seed_makes_the_same_records()
    {
        var first = new DemoLogFactory(7);
        var second = new DemoLogFactory(7);
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(first.Next(Now), second.Next(Now));
        }
    }

    [Fact]
    public void Json_records_have_the_python_logstash_shape_and_syslog_records_parse_cleanly()
    {
        var factory = new DemoLogFactory(1);
        var records = Enumerable.Range(0, 2000).Select(_ => factory.Next(Now)).ToList();

        var json = records.Where(r => r.Transport == DemoTransport.JsonLinesTcp).ToList();
        Assert.InRange(json.Count, 1200, 1500); // Django requests, audit events, Celery and PostgreSQL are about 68 % of the traffic
        foreach (var record in json)
        {
            var parsed = NdjsonDecoder.ParseLine(System.Text.Encoding.UTF8.GetBytes(record.Text), out var reason);
            Assert.True(parsed is not null, reason);
            Assert.All(["@timestamp", "level", "logger_name", "message", "host", "extra"], key => Assert.True(parsed.ContainsKey(key), key));
        }

        Assert.Contains(json, r => r.Text.Contains("\"stack_trace\"", StringComparison.Ordinal));
        Assert.Contains(json, r => r.Text.Contains("celery.app.trace", StringComparison.Ordinal));

        var syslog = records.Where(r => r.Transport == DemoTransport.SyslogUdp).ToList();
        Assert.NotEmpty(syslog);
        var services = new HashSet<string>(StringComparer.Ordinal);
        var parser = new SyslogMessageParser(TimeProvider.System);
        foreach (var record in syslog)
        {
            var parsed = parser.Parse(record.Text, receivedAt: Now);
            Assert.False(parsed.ContainsKey("tags"), record.Text);
            services.Add((string)parsed["service"]!);
        }

        Assert.Equal(["CRON", "nginx", "redis-server", "sshd"], services.Order(StringComparer.Ordinal));
    }
}
