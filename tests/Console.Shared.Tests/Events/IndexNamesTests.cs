using Console.Shared.Events;

namespace Console.Shared.Tests.Events;

public class IndexNamesTests
{
    [Fact]
    public void Daily_index_uses_the_utc_day() =>
        Assert.Equal("thebot-logs-2026.11.23", IndexNames.Daily("thebot-logs", new DateTimeOffset(2026, 11, 24, 0, 30, 0, TimeSpan.FromHours(2))));

    [Theory]
    [InlineData("thebot-logs-2026.11.23", "thebot-logs-*", true)]
    [InlineData("thebot-errors-2026.11.23", "thebot-logs-*", false)]
    [InlineData("thebot-errors-2026.11.23", "thebot-logs-*,thebot-errors-*", true)]
    [InlineData("metrics-2026.11.23", "*", true)]
    [InlineData("thebot-logs-2026.11.23", "thebot-*-2026.11.*", true)]
    [InlineData("thebot-logs-2026.11.23", "thebot-logs", false)]
    public void Patterns_match_like_elasticsearch(string name, string pattern, bool matches) =>
        Assert.Equal(matches, IndexNames.MatchesPattern(name, pattern));

    [Fact]
    public void Base_and_day_are_read_back()
    {
        Assert.Equal("thebot-logs", IndexNames.BaseOf("thebot-logs-2026.11.23"));
        Assert.Equal(new DateOnly(2026, 11, 23), IndexNames.DayOf("thebot-logs-2026.11.23"));
        Assert.Null(IndexNames.DayOf("archive"));
    }

    [Theory]
    [InlineData("Thebot")]
    [InlineData("_internal")]
    [InlineData("a b")]
    [InlineData("../etc")]
    [InlineData("")]
    public void Invalid_names_are_refused_with_a_reason(string name) => Assert.NotNull(IndexNames.Validate(name));
}
