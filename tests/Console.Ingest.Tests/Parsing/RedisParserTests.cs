using Console.Ingest.Parsing;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Parsing;

public class RedisParserTests
{
    private static ILogParser Parser => TestParsers.Default.Get("redis");

    [Theory]
    [InlineData(".", "debug", "DEBUG")]
    [InlineData("-", "verbose", "INFO")]
    [InlineData("*", "notice", "INFO")]
    [InlineData("#", "warning", "WARNING")]
    public void The_level_character_gives_redis_level_and_log_level(string character, string redisLevel, string level)
    {
        var fields = Parser.Parse($"23677:M 23 Nov 2026 23:14:42.908 {character} Server initialized");

        Assert.Equal(redisLevel, fields.Text("redis.level"));
        Assert.Equal(level, fields.Text("log_level"));
    }

    [Fact]
    public void A_line_gives_pid_role_time_and_message()
    {
        const string line = "26935:C 23 Nov 2026 23:15:13.034 * DB saved on disk";

        var fields = Parser.Parse(line);

        Assert.Equal(26935, fields.Long("process.pid"));
        Assert.Equal("child", fields.Text("redis.role"));
        Assert.Equal("2026-11-23T23:15:13.034Z", fields.Text("@timestamp"));
        Assert.Equal("DB saved on disk", fields.Text("message"));
        Assert.Equal(line, fields.Text("event.original"));
        Assert.Equal("redis", fields.Text("service"));
    }

    [Fact]
    public void The_old_format_without_a_year_takes_the_year_from_the_clock()
    {
        var clock = new FixedClock(new DateTimeOffset(2027, 1, 2, 0, 0, 0, TimeSpan.Zero));
        var parser = TestParsers.Registry(clock).Get("redis");

        var fields = parser.Parse("[4018] 31 Dec 23:59:59.119 * Background saving started");

        Assert.Equal("2026-12-31T23:59:59.119Z", fields.Text("@timestamp"));
        Assert.Equal(4018, fields.Long("process.pid"));
        Assert.Null(fields.Field("redis.role"));
    }

    [Fact]
    public void Corpus_every_line_parses_and_levels_and_roles_match_the_manifest()
    {
        var truth = Corpus.Truth("redis/redis-server.log");

        var run = CorpusRun.OfLines(Parser, "redis/redis-server.log");

        Assert.Empty(run.Failed);
        Assert.Equal(truth.GetProperty("lines").GetInt64(), run.Parsed.Count);
        Assert.Equal(truth.GetProperty("by_level").Counts(), run.CountBy(e => e.Text("redis.level")));
        var roles = truth.GetProperty("by_role").Counts().ToDictionary(p => p.Key == "M" ? "master" : p.Key == "C" ? "child" : p.Key, p => p.Value);
        Assert.Equal(roles, run.CountBy(e => e.Text("redis.role")));
        Assert.Equal(truth.GetProperty("db_saved_on_disk").GetInt64(), run.Count(e => e.Text("message") == "DB saved on disk"));
        Assert.Equal(truth.GetProperty("by_level").GetProperty("warning").GetInt64(), run.Count(e => e.Text("log_level") == "WARNING"));
    }
}
