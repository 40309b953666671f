using System.Text.Json.Nodes;
using Console.Ingest.Parsing;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Parsing;

/// <summary><c>a|b</c> parser names: the first alternative that matches wins, and the misses leave no tag behind.</summary>
public sealed class FirstMatchParserTests
{
    private const string Nginx = "nginx-access|nginx-error";

    [Fact]
    public void An_access_line_is_parsed_by_the_first_alternative()
    {
        var fields = TestParsers.Default.Get(Nginx).Parse(
            "127.0.0.1 - - [23/Nov/2026:23:14:45 +0000] \"GET /api/lessons/?page=2 HTTP/1.1\" 404 3 \"-\" \"curl/8.5\"");

        Assert.Equal(404, fields.Long("http.status_code"));
        Assert.Equal("WARNING", fields.Text("log_level"));
        Assert.Equal("nginx.access", fields.Text("event.dataset"));
        Assert.Null(fields["tags"]);
    }

    [Fact]
    public void An_error_line_is_parsed_by_the_second_and_the_first_ones_failure_tag_is_taken_back()
    {
        var fields = TestParsers.Default.Get(Nginx).Parse(
            "2026/11/23 23:14:45 [error] 4242#4242: *7 open() \"/srv/www/static/css/missing.css\" failed (2: No such file or directory), client: 127.0.0.1");

        Assert.Equal("ERROR", fields.Text("log_level"));
        Assert.Equal(4242, fields.Long("process.pid"));
        Assert.Equal("nginx.error", fields.Text("event.dataset"));
        Assert.Null(fields["tags"]);
    }

    [Fact]
    public void A_line_no_alternative_matches_is_tagged_once_and_keeps_the_tags_it_had()
    {
        var fields = new JsonObject { ["message"] = "neither an access nor an error line", ["tags"] = new JsonArray("from-source") };

        var outcome = TestParsers.Default.Get(Nginx).Parse(fields);

        Assert.Equal(ParseOutcome.Failed, outcome);
        Assert.Equal(["from-source", "_grokparsefailure"], fields["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("neither an access nor an error line", fields.Text("message"));
    }

    [Fact]
    public void The_registry_knows_a_combined_name_only_when_every_part_exists_and_builds_it_once()
    {
        Assert.True(TestParsers.Default.TryGet(Nginx, out var first));
        Assert.True(TestParsers.Default.TryGet(Nginx, out var second));
        Assert.Same(first, second);
        Assert.Equal(Nginx, first.Name);
        Assert.False(TestParsers.Default.TryGet("nginx-access|ngnix-error", out _));
        Assert.Throws<KeyNotFoundException>(() => TestParsers.Default.Get("nginx-access|"));
    }
}
