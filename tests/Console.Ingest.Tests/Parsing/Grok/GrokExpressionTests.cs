using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Ingest.Parsing;
using Console.Ingest.Parsing.Grok;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Parsing.Grok;

public class GrokExpressionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    private static JsonObject Run(string expression, string input, GrokPatternLibrary? patterns = null)
    {
        var compiled = GrokExpression.Compile(expression, patterns ?? GrokPatternLibrary.BuiltIn, Timeout);
        var fields = new JsonObject { ["message"] = input };
        Assert.Equal(ParseOutcome.Parsed, compiled.Match(input, out var match));
        compiled.Apply(match, fields);
        return fields;
    }

    [Fact]
    public void A_reference_without_a_field_matches_but_captures_nothing()
    {
        var compiled = GrokExpression.Compile("%{WORD} %{INT}", GrokPatternLibrary.BuiltIn, Timeout);

        Assert.Equal(ParseOutcome.Parsed, compiled.Match("GET 200", out _));
        Assert.Empty(compiled.Captures);
    }

    [Fact]
    public void A_named_reference_captures_text()
    {
        var fields = Run("%{WORD:verb} %{NOTSPACE:request}", "GET /index.html");

        Assert.Equal("GET", fields.Text("verb"));
        Assert.Equal("/index.html", fields.Text("request"));
    }

    [Fact]
    public void Typed_captures_become_json_numbers()
    {
        var fields = Run("%{INT:status:int} %{NUMBER:took:float} %{NUMBER:raw}", "404 0.25 17");

        Assert.Equal(JsonValueKind.Number, fields["status"]!.GetValueKind());
        Assert.Equal(404L, fields.Long("status"));
        Assert.Equal(0.25, fields.Number("took"));
        Assert.Equal("17", fields.Text("raw"));
    }

    [Fact]
    public void An_int_capture_that_is_not_an_integer_stays_text_instead_of_becoming_zero()
    {
        var fields = Run("%{NUMBER:size:int}", "1.5");

        Assert.Equal("1.5", fields.Text("size"));
    }

    [Theory]
    [InlineData("%{IP:client.ip} %{INT:http.status_code:int}")]
    [InlineData("%{IP:[client][ip]} %{INT:[http][status_code]:int}")]
    public void Dotted_and_bracketed_names_make_nested_objects(string expression)
    {
        var fields = Run(expression, "10.0.0.1 503");

        Assert.Equal("10.0.0.1", fields["client"]!["ip"]!.GetValue<string>());
        Assert.Equal(503, fields["http"]!["status_code"]!.GetValue<long>());
        Assert.False(fields.ContainsKey("client.ip"));
    }

    [Fact]
    public void Captures_merge_into_an_existing_object()
    {
        var compiled = GrokExpression.Compile("%{WORD:http.method}", GrokPatternLibrary.BuiltIn, Timeout);
        var fields = new JsonObject { ["http"] = new JsonObject { ["version"] = "1.1" } };
        compiled.Match("GET", out var match);

        compiled.Apply(match, fields);

        Assert.Equal("1.1", fields.Text("http.version"));
        Assert.Equal("GET", fields.Text("http.method"));
    }

    [Theory]
    [InlineData(@"(?<http.status_code>\d+)")]
    [InlineData(@"(?<[http][status_code]>\d+)")]
    [InlineData(@"(?'http.status_code'\d+)")]
    public void Oniguruma_named_captures_may_use_field_names(string expression)
    {
        var fields = Run(expression, "status 418");

        Assert.Equal("418", fields.Text("http.status_code"));
    }

    [Fact]
    public void Look_behinds_are_not_mistaken_for_named_captures()
    {
        var compiled = GrokExpression.Compile(@"(?<=a)b(?<!c)", GrokPatternLibrary.BuiltIn, Timeout);

        Assert.Equal(ParseOutcome.Parsed, compiled.Match("ab", out _));
        Assert.Empty(compiled.Captures);
    }

    [Fact]
    public void Patterns_refer_to_patterns_recursively_and_their_named_captures_count()
    {
        var patterns = GrokPatternLibrary.Empty
            .With("OUTER", @"\[%{MIDDLE}\]")
            .With("MIDDLE", @"%{INNER:inner.value:int}/(?<unit>[a-z]+)")
            .With("INNER", @"\d+");

        var fields = Run("%{OUTER:whole}", "[42/ms]", patterns);

        Assert.Equal("[42/ms]", fields.Text("whole"));
        Assert.Equal(42L, fields.Long("inner.value"));
        Assert.Equal("ms", fields.Text("unit"));
    }

    [Fact]
    public void A_cycle_between_patterns_is_an_error_that_shows_the_cycle()
    {
        var patterns = GrokPatternLibrary.Empty.With("A", "x%{B}").With("B", "y%{C}").With("C", "%{A}");

        var error = Assert.Throws<GrokPatternException>(() => GrokExpression.Compile("%{A}", patterns, Timeout));

        Assert.Equal("A", error.PatternName);
        Assert.Contains("A -> B -> C -> A", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_that_refers_to_itself_is_an_error()
    {
        var patterns = GrokPatternLibrary.Empty.With("LOOP", "a%{LOOP}?");

        var error = Assert.Throws<GrokPatternException>(() => GrokExpression.Compile("%{LOOP}", patterns, Timeout));

        Assert.Contains("LOOP -> LOOP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_to_an_unknown_pattern_names_both_patterns()
    {
        var patterns = GrokPatternLibrary.Empty.With("LINE", "%{NOPE:x}");

        var error = Assert.Throws<GrokPatternException>(() => GrokExpression.Compile("%{LINE}", patterns, Timeout));

        Assert.Equal("LINE", error.PatternName);
        Assert.Contains("%{NOPE}", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_regex_is_reported_against_the_pattern_that_holds_it_not_the_ones_using_it()
    {
        var patterns = GrokPatternLibrary.Empty
            .With("LINE", "%{FIELD:a} %{BROKEN:b}")
            .With("FIELD", @"\w+")
            .With("BROKEN", @"(\d+");

        var error = Assert.Throws<GrokPatternException>(() => GrokExpression.Compile("%{LINE}", patterns, Timeout));

        Assert.Equal("BROKEN", error.PatternName);
        Assert.Contains("parenthes", error.Reason, StringComparison.Ordinal);
        Assert.StartsWith("Grok pattern BROKEN: is not a valid regular expression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_expression_is_reported_with_its_text()
    {
        var error = Assert.Throws<GrokPatternException>(() => GrokExpression.Compile("%{WORD:a} [unclosed", GrokPatternLibrary.BuiltIn, Timeout));

        Assert.Equal("%{WORD:a} [unclosed", error.PatternName);
    }

    [Theory]
    [InlineData("%{INT:a:integer}", "unknown type 'integer'")]
    [InlineData("%{INT:}", "empty field name")]
    [InlineData("%{INT:[a][}", "not a field name")]
    [InlineData("%{INT=\\d+}", "inline definition")]
    [InlineData("(?<status:int>\\d+)", "a type goes in %{PATTERN:field:int}")]
    public void Malformed_references_are_errors_with_the_reason(string expression, string reason)
    {
        var error = Assert.Throws<GrokPatternException>(() => GrokExpression.Compile(expression, GrokPatternLibrary.BuiltIn, Timeout));

        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_catastrophic_pattern_times_out_quickly_instead_of_hanging()
    {
        var compiled = GrokExpression.Compile("(a|aa)+$", GrokPatternLibrary.BuiltIn, TimeSpan.FromMilliseconds(50));
        var input = new string('a', 5000) + "!";
        var clock = Stopwatch.StartNew();

        var outcome = compiled.Match(input, out var match);

        Assert.Equal(ParseOutcome.TimedOut, outcome);
        Assert.False(match.Success);
        // Generous bound (two attempts of 50 ms on a busy machine): without the limit this would run for ages.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void The_textbook_nested_quantifier_is_defused_by_dotnets_optimizer_because_groups_do_not_capture()
    {
        // (a+)+$ is the classic catastrophic pattern; with ExplicitCapture .NET reduces it to a+$ and fails at once.
        var compiled = GrokExpression.Compile("(a+)+$", GrokPatternLibrary.BuiltIn, TimeSpan.FromMilliseconds(50));

        Assert.Equal(ParseOutcome.Failed, compiled.Match(new string('a', 5000) + "!", out _));
    }

    [Fact]
    public void A_grok_parser_that_times_out_keeps_the_event_and_tags_it()
    {
        var definition = new GrokParserDefinition { Match = ["(\\w+\\s?)+$"] };
        var parser = new GrokParser("slow", definition, GrokPatternLibrary.BuiltIn, TimeSpan.FromMilliseconds(20), TimeProvider.System);
        var raw = string.Join(' ', Enumerable.Repeat("word", 2000)) + " !";

        var fields = parser.Parse(raw, out var outcome);

        Assert.Equal(ParseOutcome.TimedOut, outcome);
        Assert.Equal(raw, fields.Text("message"));
        Assert.Equal(["_groktimeout"], fields.Tags());
    }

    [Fact]
    public void Empty_captures_are_left_out_as_Logstash_does()
    {
        var fields = Run("a(?<empty>x*)b%{DATA:rest}", "ab");

        Assert.False(fields.ContainsKey("empty"));
        Assert.False(fields.ContainsKey("rest"));
    }

    [Fact]
    public void Overwriting_message_keeps_the_raw_text_in_event_original()
    {
        var fields = Run("%{INT:pid} %{GREEDYDATA:message}", "42 hello world");

        Assert.Equal("hello world", fields.Text("message"));
        Assert.Equal("42 hello world", fields.Text("event.original"));
    }

    [Fact]
    public void Rubys_m_flag_means_dot_matches_newline_as_in_Logstash()
    {
        var fields = Run("(?m)first %{GREEDYDATA:rest}", "first line\nsecond line");

        Assert.Equal("line\nsecond line", fields.Text("rest"));
    }

    [Fact]
    public void Caret_and_dollar_are_line_anchors_as_in_Ruby()
    {
        var fields = Run("^second %{WORD:word}$", "first line\nsecond line\nthird");

        Assert.Equal("line", fields.Text("word"));
    }

    [Fact]
    public void Oniguruma_classes_work_posix_brackets_and_hex_digits()
    {
        var fields = Run(@"(?<word>[[:alpha:]]+)-(?<hex>\h+)-(?<digits>[[:digit:]x]+)", "abc-0f9A-12x3");

        Assert.Equal("abc", fields.Text("word"));
        Assert.Equal("0f9A", fields.Text("hex"));
        Assert.Equal("12x3", fields.Text("digits"));
    }

    [Fact]
    public void Plain_groups_do_not_capture_but_numbered_backreferences_still_work()
    {
        var compiled = GrokExpression.Compile(@"(\w)\1 (?<x>\w)\k<x>", GrokPatternLibrary.BuiltIn, Timeout);

        Assert.Equal(ParseOutcome.Parsed, compiled.Match("aa bb", out _));
        Assert.Equal(ParseOutcome.Failed, compiled.Match("ab bb", out _));
        Assert.Equal(ParseOutcome.Failed, compiled.Match("aa bc", out _));
        Assert.Equal(["x"], compiled.Captures.Select(c => c.Field));
    }

    [Fact]
    public void Expressions_compile_to_explicit_capture_compiled_regexes_with_the_timeout()
    {
        var compiled = GrokExpression.Compile("(%{WORD:a})", GrokPatternLibrary.BuiltIn, TimeSpan.FromMilliseconds(70));

        Assert.True(compiled.Regex.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.ExplicitCapture));
        Assert.True(compiled.Regex.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.Compiled));
        Assert.Equal(TimeSpan.FromMilliseconds(70), compiled.Regex.MatchTimeout);
        Assert.Equal(2, compiled.Regex.GetGroupNumbers().Length); // the whole match and a's group
    }

    [Fact]
    public void Caller_fields_are_readable_but_not_written()
    {
        var compiled = GrokExpression.Compile("%{INT:when} %{WORD:what}", GrokPatternLibrary.BuiltIn, Timeout, ["when"]);
        var fields = new JsonObject();
        compiled.Match("1700000000 boot", out var match);

        compiled.Apply(match, fields);

        Assert.False(fields.ContainsKey("when"));
        Assert.Equal("1700000000", compiled.Field("when").Value(match));
        Assert.Equal("boot", fields.Text("what"));
        Assert.False(compiled.HasField("missing"));
        Assert.Null(compiled.Field("missing").Value(match));
    }
}
