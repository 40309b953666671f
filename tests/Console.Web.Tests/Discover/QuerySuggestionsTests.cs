using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Web.Discover;

namespace Console.Web.Tests.Discover;

public class QuerySuggestionsTests
{
    private static readonly LogField[] Fields =
    [
        new("@timestamp", FieldType.Date), new("service", FieldType.Keyword), new("event.dataset", FieldType.Keyword),
        new("message", FieldType.Text), new("duration_ms", FieldType.Double), new("_ignored", FieldType.Keyword),
    ];

    [Fact]
    public void A_word_being_typed_suggests_the_fields_that_start_with_it_first_then_those_that_contain_it()
    {
        var token = QuerySuggestions.TokenAt("log_level:ERROR AND se", null);
        Assert.Equal(new QueryToken(20, 2, null, "se"), token);
        var names = QuerySuggestions.FieldNames(token, Fields);
        Assert.Equal(["service", "event.dataset"], names.Select(s => s.Label));
        Assert.Equal("service:", names[0].Insert);
        Assert.Equal(FieldType.Keyword, names[0].Type);
    }

    [Fact]
    public void Operators_empty_words_and_reserved_fields_suggest_nothing()
    {
        Assert.Empty(QuerySuggestions.FieldNames(QuerySuggestions.TokenAt("a AND", null), Fields));
        Assert.Empty(QuerySuggestions.FieldNames(QuerySuggestions.TokenAt("a ", null), Fields));
        Assert.Empty(QuerySuggestions.FieldNames(QuerySuggestions.TokenAt("ignored", null), Fields));
    }

    [Fact]
    public void After_a_field_and_colon_its_values_are_suggested_matching_what_is_typed()
    {
        var token = QuerySuggestions.TokenAt("(service:dj", null);
        Assert.Equal(new QueryToken(1, 10, "service", "dj"), token);
        var top = new TopValuesResult("service", 10, 10, [new("nginx", 5), new("celery-djworker", 3), new("django-backend", 2), new("a b/c", 1)], 0);
        var values = QuerySuggestions.Values(token, top);
        // Values that start with it come first; a plain value is inserted as it is, one with spaces or slashes quoted.
        Assert.Equal(["django-backend", "celery-djworker"], values.Select(v => v.Label));
        Assert.Equal("service:django-backend", values[0].Insert);
        Assert.Equal(2, values[0].Count);
        Assert.Equal("service:\"a b/c\"", QuerySuggestions.Values(QuerySuggestions.TokenAt("service:", null), top)[3].Insert);
    }

    [Fact]
    public void A_choice_replaces_the_token_under_the_caret_and_keeps_the_rest_of_the_query()
    {
        const string query = "log_level:ERROR AND ser OR host.name:web-1";
        var token = QuerySuggestions.TokenAt(query, 22); // the caret inside "ser"
        Assert.Equal(new QueryToken(20, 3, null, "ser"), token);
        Assert.Equal(("log_level:ERROR AND service: OR host.name:web-1", 28), QuerySuggestions.Apply(query, token, "service:"));

        // A value that ends the query is followed by a space, ready for the next clause.
        var value = QuerySuggestions.TokenAt("-service:ng", null);
        Assert.Equal(("-service:nginx ", 15), QuerySuggestions.Apply("-service:ng", value, "service:nginx"));
    }

    [Fact]
    public void A_quoted_phrase_with_spaces_is_one_token()
    {
        var token = QuerySuggestions.TokenAt("message:\"connection ref", null);
        Assert.Equal("message", token.Field);
        Assert.Equal("connection ref", token.Text);
        Assert.Equal(0, token.Start);
    }
}
