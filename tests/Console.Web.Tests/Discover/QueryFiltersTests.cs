using Console.Web.Discover;

namespace Console.Web.Tests.Discover;

public class QueryFiltersTests
{
    [Theory]
    [InlineData("", "log_level", "ERROR", false, "log_level:\"ERROR\"")]
    [InlineData("", "log_level", "ERROR", true, "NOT log_level:\"ERROR\"")]
    [InlineData("service:web OR service:worker", "user_id", "42", false, "(service:web OR service:worker) AND user_id:\"42\"")]
    [InlineData("  ", "message", "say \"hi\" \\ bye", false, "message:\"say \\\"hi\\\" \\\\ bye\"")]
    [InlineData("x", "odd:name", "v", true, "(x) AND NOT odd\\:name:\"v\"")]
    public void A_filter_is_anded_to_the_query_and_its_value_quoted(string query, string field, string value, bool negate, string expected) =>
        Assert.Equal(expected, QueryFilters.Add(query, field, value, negate));
}
