using System.ComponentModel.DataAnnotations;
using Console.Ingest.Parsing;
using Console.Ingest.Parsing.Grok;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Parsing;

public sealed class ParserRegistryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("grok-registry-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static List<string> Errors(GrokOptions options)
    {
        var results = new List<ValidationResult>();
        // What ValidateDataAnnotations runs at start: attributes, then IValidatableObject.
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }

    [Fact]
    public void The_registry_holds_the_built_in_parsers_and_grok()
    {
        string[] expected = ["celery", "django", "django-audit", "django-requests", "grok", "gunicorn", "json", "nginx-access", "nginx-error", "postgresql", "redis", "syslog"];

        Assert.Equal(expected, TestParsers.Default.Names.Order(StringComparer.Ordinal));
        Assert.All(expected, name => Assert.Equal(name, TestParsers.Default.Get(name).Name));
    }

    [Fact]
    public void An_unknown_parser_name_lists_the_known_ones()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => TestParsers.Default.Get("ngnix-access"));

        Assert.Contains("nginx-access", error.Message, StringComparison.Ordinal);
        Assert.False(TestParsers.Default.TryGet("ngnix-access", out _));
    }

    [Fact]
    public void The_grok_parser_reads_iso_lines_by_default_and_normalises_time_and_level()
    {
        var fields = TestParsers.Default.Get("grok").Parse("2026-11-23T23:14:45.123+01:00 [warn] disk almost full");

        Assert.Equal("2026-11-23T22:14:45.123Z", fields.Text("@timestamp"));
        Assert.Equal("WARNING", fields.Text("log_level"));
        Assert.Equal("disk almost full", fields.Text("message"));
        Assert.Null(fields.Field("timestamp"));
        Assert.Null(fields.Field("level"));
    }

    [Fact]
    public void The_grok_parser_reads_syslog_lines_with_the_year_from_the_clock()
    {
        var clock = new FixedClock(new DateTimeOffset(2027, 1, 1, 0, 5, 0, TimeSpan.Zero));

        var fields = TestParsers.Registry(clock).Get("grok")
            .Parse("Dec 31 23:59:01 vm CRON[26601]: (root) CMD (/usr/local/bin/thebot-backup)");

        Assert.Equal("2026-12-31T23:59:01.000Z", fields.Text("@timestamp"));
        Assert.Equal("vm", fields.Text("logsource"));
        Assert.Equal("CRON", fields.Text("program"));
        Assert.Equal("26601", fields.Text("pid"));
        Assert.Equal("(root) CMD (/usr/local/bin/thebot-backup)", fields.Text("message"));
    }

    [Fact]
    public void Configured_grok_parsers_try_their_expressions_in_order_with_custom_patterns()
    {
        File.WriteAllText(Path.Combine(_folder, "myapp"), "MYAPP_ID [A-Z]{3}-\\d+\n");
        var registry = TestParsers.Registry(configure: options =>
        {
            options.PatternsPath = _folder;
            options.Parsers["myapp"] = new GrokParserDefinition
            {
                Match = ["^%{MYAPP_ID:order.id} paid %{NUMBER:order.total:float}$", "^%{MYAPP_ID:order.id} %{GREEDYDATA:message}$"],
                Service = "shop",
            };
        });
        var parser = registry.Get("myapp");

        var paid = parser.Parse("ABC-12 paid 9.5");
        var other = parser.Parse("ABC-13 shipped");
        var failed = parser.Parse("nothing here", out var outcome);

        Assert.Equal(9.5, paid.Number("order.total"));
        Assert.Equal("shop", paid.Text("service"));
        Assert.Equal("shipped", other.Text("message"));
        Assert.Equal("ABC-13 shipped", other.Text("event.original"));
        Assert.Equal(ParseOutcome.Failed, outcome);
        Assert.Equal(["_grokparsefailure"], failed.Tags());
        Assert.Equal("nothing here", failed.Text("message"));
    }

    [Fact]
    public void A_custom_pattern_file_overrides_a_built_in_pattern_for_the_built_in_parsers()
    {
        // A site whose nginx logs a request id instead of the user: the platform pattern is replaced by name.
        File.WriteAllText(Path.Combine(_folder, "site"), "NGINX_ACCESS \\A%{IPORHOST:client.ip} %{NOTSPACE:request_id} \\[%{HTTPDATE:timestamp}\\] \"%{WORD:http.method} %{NOTSPACE:http.url}\" %{INT:http.status_code:int}\n");
        var registry = TestParsers.Registry(configure: options => options.PatternsPath = _folder);

        var fields = registry.Get("nginx-access").Parse("10.0.0.1 r-42 [23/Nov/2026:23:14:45 +0000] \"GET /x\" 503");

        Assert.Equal("r-42", fields.Text("request_id"));
        Assert.Equal("ERROR", fields.Text("log_level"));
    }

    [Fact]
    public void Default_settings_are_valid()
    {
        Assert.Empty(Errors(new GrokOptions()));
    }

    [Fact]
    public void A_missing_patterns_folder_is_refused_with_the_setting_name()
    {
        var errors = Errors(new GrokOptions { PatternsPath = Path.Combine(_folder, "nope") });

        Assert.Contains(errors, e => e.StartsWith("Ingest:Grok:PatternsPath:", StringComparison.Ordinal) && e.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_pattern_file_is_refused_with_the_pattern_name_file_and_line()
    {
        File.WriteAllText(Path.Combine(_folder, "broken"), "\nGOOD \\d+\nBAD (\\d+\n");

        var error = Assert.Single(Errors(new GrokOptions { PatternsPath = _folder }));

        Assert.Contains("Grok pattern BAD:", error, StringComparison.Ordinal);
        Assert.Contains("(broken:3)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_expressions_and_clashing_names_are_refused_with_their_setting_key()
    {
        var options = new GrokOptions { PatternsPath = null, Match = ["%{NOT_A_PATTERN:x}"] };
        options.Parsers["nginx-access"] = new GrokParserDefinition { Match = ["%{WORD}"] };
        options.Parsers["empty"] = new GrokParserDefinition();

        var errors = Errors(options);

        Assert.Contains(errors, e => e.StartsWith("Ingest:Grok:Match:0: Grok pattern %{NOT_A_PATTERN:x}: refers to %{NOT_A_PATTERN}", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Ingest:Grok:Parsers:nginx-access:", StringComparison.Ordinal) && e.Contains("built-in", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Ingest:Grok:Parsers:empty:Match:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_match_timeout_out_of_range_is_refused()
    {
        Assert.NotEmpty(Errors(new GrokOptions { MatchTimeout = TimeSpan.Zero }));
    }
}
