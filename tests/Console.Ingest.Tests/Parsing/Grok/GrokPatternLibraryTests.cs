using Console.Ingest.Parsing;
using Console.Ingest.Parsing.Grok;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Parsing.Grok;

public sealed class GrokPatternLibraryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("grok-patterns-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_pattern_file_has_one_definition_per_line_comments_and_blank_lines()
    {
        var library = GrokPatternLibrary.Empty.WithDefinitions(
            "# a comment\n\nGREETING hello %{NAME}\n  # indented comment\nNAME \\w+ \r\nGREETING hi %{NAME}\n", "greetings");

        Assert.Equal(["GREETING", "NAME"], library.Names.Order(StringComparer.Ordinal));
        Assert.True(library.TryGetDefinition("GREETING", out var greeting));
        Assert.Equal("hi %{NAME}", greeting); // the later definition wins
        Assert.Equal("greetings:6", library.SourceOf("GREETING"));
        Assert.True(library.TryGetDefinition("NAME", out var name));
        Assert.Equal("\\w+", name);
    }

    [Theory]
    [InlineData("LONELY", "has no regex after its name (bad:1)")]
    [InlineData("9LIVES \\d", "is not a pattern name")]
    [InlineData("BAD-NAME x", "is not a pattern name")]
    public void A_malformed_line_is_an_error_naming_the_file_and_line(string line, string reason)
    {
        var error = Assert.Throws<GrokPatternException>(() => GrokPatternLibrary.Empty.WithDefinitions(line, "bad"));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_of_pattern_files_extends_and_overrides_the_built_ins()
    {
        File.WriteAllText(Path.Combine(_folder, "custom"), "MYAPP %{LOGLEVEL:level} %{WORD:thing}\nWORD [a-z]+\n");
        File.WriteAllText(Path.Combine(_folder, ".hidden"), "MYAPP broken(\n");

        var library = GrokPatternLibrary.BuiltIn.WithDirectory(_folder);
        var expression = library.Compile("%{MYAPP}", TimeSpan.FromSeconds(1));

        Assert.True(library.TryGetDefinition("WORD", out var word));
        Assert.Equal("[a-z]+", word);
        Assert.Equal(ParseOutcome.Parsed, expression.Match("INFO boot", out _));
        Assert.Equal(ParseOutcome.Failed, expression.Match("INFO BOOT", out _));
        Assert.True(library.TryGetDefinition("IPV4", out _));
    }

    [Fact]
    public void Validate_names_the_bad_pattern_and_where_it_is_defined()
    {
        File.WriteAllText(Path.Combine(_folder, "custom"), "# mine\nOUTER %{INNER}\nINNER [unclosed\n");
        var library = GrokPatternLibrary.BuiltIn.WithDirectory(_folder);

        var error = Assert.Throws<GrokPatternException>(library.Validate);

        Assert.Equal("INNER", error.PatternName);
        Assert.Contains("(custom:3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_built_in_base_patterns_are_there()
    {
        string[] names =
        [
            "WORD", "NUMBER", "INT", "POSINT", "IP", "IPV4", "IPV6", "HOSTNAME", "IPORHOST", "USER", "DATA", "GREEDYDATA", "QS",
            "HTTPDATE", "TIMESTAMP_ISO8601", "SYSLOGTIMESTAMP", "LOGLEVEL", "UUID", "PATH", "URIPATHPARAM", "COMBINEDAPACHELOG",
        ];
        Assert.All(names, name => Assert.True(GrokPatternLibrary.BuiltIn.TryGetDefinition(name, out _), name));
    }

    [Fact]
    public void The_platform_patterns_are_there()
    {
        string[] names =
        [
            "NGINX_ACCESS", "NGINX_ERROR", "DJANGO_LOG", "DJANGO_KEYVALUE", "PYTHON_TRACEBACK", "POSTGRESQL_LOG", "PG_DURATION",
            "REDIS_LOG", "CELERY_LOG", "CELERY_TASK_MESSAGE", "GUNICORN_ERROR",
        ];
        Assert.All(names, name => Assert.Equal("thebot", GrokPatternLibrary.BuiltIn.SourceOf(name)?.Split(':')[0]));
    }

    [Fact]
    public void Every_built_in_pattern_expands_to_a_valid_regex()
    {
        GrokPatternLibrary.BuiltIn.Validate();
    }

    [Fact]
    public void The_build_copies_the_pattern_files_beside_the_binaries_identical_to_the_embedded_ones()
    {
        var copied = GrokPatternLibrary.Empty.WithDirectory(Path.Combine(AppContext.BaseDirectory, "patterns"));

        Assert.Equal(GrokPatternLibrary.BuiltIn.Names.Order(StringComparer.Ordinal), copied.Names.Order(StringComparer.Ordinal));
        Assert.All(copied.Names, name =>
        {
            copied.TryGetDefinition(name, out var fromFile);
            GrokPatternLibrary.BuiltIn.TryGetDefinition(name, out var embedded);
            Assert.Equal(embedded, fromFile);
        });
    }

    [Theory]
    [InlineData("IPV4", "192.168.0.1", true)]
    [InlineData("IPV4", "256.1.1.1", false)]
    [InlineData("IPV6", "2001:db8::1", true)]
    [InlineData("IPV6", "::1", true)]
    [InlineData("IPV6", "fe80::1%eth0", true)]
    [InlineData("IPV6", "::ffff:192.0.2.128", true)]
    [InlineData("IPV6", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", true)]
    [InlineData("IPV6", "12:34:56", false)]
    [InlineData("HTTPDATE", "23/Nov/2026:23:14:45 +0000", true)]
    [InlineData("TIMESTAMP_ISO8601", "2026-11-23T23:14:45.123Z", true)]
    [InlineData("TIMESTAMP_ISO8601", "2026-11-23 23:14:44,037", true)]
    [InlineData("SYSLOGTIMESTAMP", "Nov  3 23:14:41", true)]
    [InlineData("UUID", "b8f4838e-c3d4-4b86-8b03-265bfe52c1a0", true)]
    [InlineData("URIPATHPARAM", "/api/reports/slow/?ms=2600", true)]
    [InlineData("QS", "\"say \\\"hi\\\"\"", true)]
    [InlineData("LOGLEVEL", "WARNING", true)]
    [InlineData("PATH", "/var/log/nginx/access.log", true)]
    public void Base_patterns_match_what_their_names_say(string pattern, string input, bool matches)
    {
        var expression = GrokPatternLibrary.BuiltIn.Compile($"\\A%{{{pattern}}}\\z", TimeSpan.FromSeconds(1));

        Assert.Equal(matches ? ParseOutcome.Parsed : ParseOutcome.Failed, expression.Match(input, out _));
    }

    [Fact]
    public void The_python_traceback_pattern_takes_the_last_exception_of_a_chain()
    {
        const string trace = """
            Traceback (most recent call last):
              File "a.py", line 1, in <module>
                1 / 0
            ZeroDivisionError: division by zero

            During handling of the above exception, another exception occurred:

            Traceback (most recent call last):
              File "a.py", line 3, in <module>
                raise KeyError("x")
            KeyError: 'x'
            """;
        var expression = GrokPatternLibrary.BuiltIn.Compile("%{PYTHON_TRACEBACK}", TimeSpan.FromSeconds(1));
        var fields = new System.Text.Json.Nodes.JsonObject();

        Assert.Equal(ParseOutcome.Parsed, expression.Match(trace, out var match));
        expression.Apply(match, fields);

        Assert.Equal("KeyError", fields.Text("error.type"));
        Assert.Equal("'x'", fields.Text("error.message"));
    }
}
