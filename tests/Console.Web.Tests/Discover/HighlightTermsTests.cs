using Console.Web.Discover;

namespace Console.Web.Tests.Discover;

public class HighlightTermsTests
{
    [Theory]
    [InlineData("", new string[0])]
    [InlineData("timeout", new[] { "timeout" })]
    [InlineData("message: \"gateway unreachable\" AND log_level:ERROR", new[] { "gateway unreachable" })]
    [InlineData("(message:error OR message:fatal) AND NOT service:web", new[] { "error", "fatal" })]
    [InlineData("message:/Internal Server Error.*/ AND duration_ms:[100 TO 500]", new string[0])]
    [InlineData("user_id:7 +payment -debug err*", new[] { "payment", "debug" })]
    public void Only_words_searched_in_the_message_are_marked(string query, string[] expected) =>
        Assert.Equal(expected.OrderByDescending(t => t.Length), HighlightTerms.From(query));

    [Fact]
    public void A_message_is_cut_into_marked_and_plain_runs_that_join_back_into_it()
    {
        var runs = HighlightTerms.Split("Payment gateway unreachable; gateway DOWN", ["gateway", "down"]).ToList();
        Assert.Equal("Payment gateway unreachable; gateway DOWN", string.Concat(runs.Select(r => r.Text)));
        Assert.Equal(["gateway", "gateway", "DOWN"], runs.Where(r => r.Marked).Select(r => r.Text));
    }
}
