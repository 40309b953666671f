using Console.Ingest.Parsing;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Syslog;
using Console.Ingest.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Console.Ingest.Tests.Sources.Syslog;

/// <summary><c>Ingest:Syslog:Programs</c>: a program's syslog lines get that program's parser in the pipeline.</summary>
public sealed class SyslogProgramParsersTests
{
    private static string? Text(IngestRecord record, string path) => EventField.Text(record.Fields, path);

    [Fact]
    public async Task Nginx_and_postgres_lines_name_their_parser_and_other_programs_none()
    {
        await using var r = await RunningSyslogReceiver.StartAsync();

        await r.SendUdpAsync("<190>Nov 23 23:14:45 web1 nginx: 127.0.0.1 - - [23/Nov/2026:23:14:45 +0000] \"GET /api/lessons/ HTTP/1.1\" 502 157 \"-\" \"curl/8.5\"");
        await r.SendUdpAsync("<131>Nov 23 23:14:46 db1 postgres[23673]: [3-1] 2026-11-23 23:14:46.120 UTC [23673] thebot@thebot ERROR:  deadlock detected");
        await r.SendUdpAsync("<30>Nov 23 23:14:47 web1 systemd[1]: Started nginx.service");
        var records = await r.Pipeline.WaitForCountAsync(3);

        var nginx = records.Single(x => Text(x, "process.name") == "nginx");
        var postgres = records.Single(x => Text(x, "process.name") == "postgres");
        var systemd = records.Single(x => Text(x, "process.name") == "systemd");
        Assert.Equal("nginx-access|nginx-error", nginx.Parser);
        Assert.Equal("postgresql", postgres.Parser);
        Assert.Null(systemd.Parser);

        // What the pipeline's parse stage then makes of them: the program's fields beside the syslog ones.
        Assert.Equal(ParseOutcome.Parsed, TestParsers.Default.Get(nginx.Parser!).Parse(nginx.Fields));
        Assert.Equal(502, nginx.Fields.Long("http.status_code"));
        Assert.Equal("/api/lessons/", Text(nginx, "http.path"));
        Assert.Equal("ERROR", Text(nginx, "log_level"));
        Assert.Equal("web1", Text(nginx, "host.name"));
        Assert.Equal("local7", Text(nginx, "syslog.facility_name"));
        Assert.Null(nginx.Fields["tags"]);

        Assert.Equal(ParseOutcome.Parsed, TestParsers.Default.Get(postgres.Parser!).Parse(postgres.Fields));
        Assert.Equal("ERROR", Text(postgres, "postgresql.severity"));
        Assert.Equal("deadlock detected", Text(postgres, "message"));
        Assert.Equal("2026-11-23T23:14:46.120Z", Text(postgres, "@timestamp"));
        Assert.Equal("thebot", Text(postgres, "db.user"));
        Assert.Equal("db1", Text(postgres, "host.name"));
    }

    [Fact]
    public async Task A_default_can_be_turned_off_and_a_program_added_case_insensitively_through_settings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ingest:Syslog:Programs:nginx"] = "",
            ["Ingest:Syslog:Programs:Redis-Server"] = "redis",
        }).Build();
        var options = configuration.GetSection(SyslogReceiverOptions.Section).Get<SyslogReceiverOptions>()!;

        Assert.Null(options.ParserFor("nginx"));
        Assert.Equal("redis", options.ParserFor("redis-server"));
        Assert.Equal("postgresql", options.ParserFor("POSTGRES"));

        await using var r = await RunningSyslogReceiver.StartAsync(o => o.Programs = options.Programs);
        await r.SendUdpAsync("<190>Nov 23 23:14:45 web1 nginx: 127.0.0.1 - - [23/Nov/2026:23:14:45 +0000] \"GET / HTTP/1.1\" 200 3 \"-\" \"curl/8.5\"");
        var record = (await r.Pipeline.WaitForCountAsync(1))[0];
        Assert.Null(record.Parser);
    }

    [Fact]
    public void A_program_naming_an_unknown_parser_stops_the_start_with_the_names_there_are()
    {
        var options = new SyslogReceiverOptions();
        options.Programs["uwsgi"] = "uwsgi-log";
        options.Programs["nginx"] = "nginx-access|ngnix-error";

        var result = new SyslogProgramParsersValidation(TestParsers.Default).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Ingest:Syslog:Programs:uwsgi: there is no parser named 'uwsgi-log'; there are: celery,", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Ingest:Syslog:Programs:nginx: there is no parser named 'nginx-access|ngnix-error'", StringComparison.Ordinal));
        Assert.True(new SyslogProgramParsersValidation(TestParsers.Default).Validate(null, new SyslogReceiverOptions()).Succeeded);
    }
}
