using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Query;

public class EventMatcherTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly LogEvent Sample = new LogEventNormalizer(new FixedClock(Now)).Normalize((JsonObject)JsonNode.Parse("""
        {"@timestamp":"2026-11-23T11:30:00Z","levelname":"ERROR","name":"django.request","message":"Internal Server Error: /api/boom/",
         "duration_ms":120.5,"status_code":500,"user_id":"42","tags":["Payments","slow"],"http":{"method":"GET"}}
        """)!, "thebot-logs");

    private static readonly FieldTypes Types = new();

    [Theory]
    [InlineData("log_level:error", true)]
    [InlineData("log_level:warning", false)]
    [InlineData("logger:django.request", true)]
    [InlineData("\"server error\"", true)]
    [InlineData("\"error server\"", false)]
    [InlineData("message:\"internal error\"~1", true)]
    [InlineData("boom", true)]
    [InlineData("kaboom", false)]
    [InlineData("duration_ms:[100 TO 200]", true)]
    [InlineData("duration_ms:>200", false)]
    [InlineData("status_code:500", true)]
    [InlineData("user_id:42", true)]
    [InlineData("tags:payments AND tags:SLOW", true)]
    [InlineData("http.method:get", true)]
    [InlineData("_exists_:duration_ms", true)]
    [InlineData("_exists_:exc_info", false)]
    [InlineData("NOT log_level:error", false)]
    [InlineData("log_level:info OR user_id:42", true)]
    [InlineData("+log_level:error -user_id:42", false)]
    [InlineData("logger:django.*", true)]
    [InlineData("logger:d?ango.request", true)]
    [InlineData("message:/^Internal Server Error: .*/", true)]
    [InlineData("message:/^Server.*/", false)]
    [InlineData("@timestamp:[now-1h TO now]", true)]
    [InlineData("@timestamp:[now-10m TO now]", false)]
    [InlineData("logger:djangi.request~1", true)]
    [InlineData("*", true)]
    public void Matches_like_the_store(string query, bool expected)
    {
        using var matcher = new EventMatcher();
        Assert.Equal(expected, matcher.Matches(LogQueryParser.Parse(query, Types, Now), Sample));
    }

    private sealed class FieldTypes : IFieldTypes
    {
        public FieldType? TypeOf(string field) => field switch
        {
            "tags" or "http.method" => FieldType.Keyword,
            _ => null,
        };
    }
}
