using System.Text.Json.Nodes;
using Console.Ingest.Decoding;

namespace Console.Ingest.Tests.Decoding;

public class MessageTemplateRendererTests
{
    private static string Render(string template, string properties, IReadOnlyList<string>? renderings = null) =>
        MessageTemplateRenderer.Render(template, JsonNode.Parse(properties)!.AsObject(), renderings, out _, out _);

    [Theory]
    [InlineData("User {Name} logged in", """{"Name":"bob"}""", "User bob logged in")]
    [InlineData("Took {Elapsed:0.00} ms", """{"Elapsed":12.3456}""", "Took 12.35 ms")]
    [InlineData("Count {Count:000}", """{"Count":7}""", "Count 007")]
    [InlineData("Hex {Value:X}", """{"Value":255}""", "Hex FF")]
    [InlineData("[{Sku,-6}] [{Qty,4}]", """{"Sku":"AB","Qty":3}""", "[AB    ] [   3]")]
    [InlineData("Got {@Order}", """{"Order":{"$type":"Order","Id":1,"Tags":["a","b"],"Customer":{"Name":"x"}}}""", "Got Order { Id: 1, Tags: [\"a\", \"b\"], Customer: { Name: \"x\" } }")]
    [InlineData("Got {$Order}", """{"Order":"Order#1"}""", "Got Order#1")]
    [InlineData("Ids {Ids}", """{"Ids":[1,2,3]}""", "Ids [1, 2, 3]")]
    [InlineData("Flag {On} and {Off}, nothing {Nil}", """{"On":true,"Off":false,"Nil":null}""", "Flag True and False, nothing null")]
    [InlineData("{{literal}} and {Missing} stay", """{}""", "{literal} and {Missing} stay")]
    [InlineData("Positional {0} and {1}", """{"0":"a","1":"b"}""", "Positional a and b")]
    [InlineData("Not a hole {a b} or {", """{"a":1}""", "Not a hole {a b} or {")]
    [InlineData("At {When:yyyy-MM-dd}", """{"When":"2026-11-23T10:00:00Z"}""", "At 2026-11-23")]
    [InlineData("Bad format {N:Q9}", """{"N":1.5}""", "Bad format 1.5")]
    public void Renders_like_Seq(string template, string properties, string expected) =>
        Assert.Equal(expected, Render(template, properties));

    [Fact]
    public void Renderings_from_clef_r_are_used_for_formatted_holes_in_order()
    {
        var text = Render("{A:0.0} {B} {C:N2}", """{"A":1.25,"B":"b","C":3}""", ["1.3 (sender)", "3.00 (sender)"]);

        Assert.Equal("1.3 (sender) b 3.00 (sender)", text);
    }

    [Fact]
    public void Counts_holes_and_the_ones_it_resolved()
    {
        MessageTemplateRenderer.Render("{A} {B} {{C}}", new JsonObject { ["A"] = 1 }, null, out var holes, out var resolved);

        Assert.Equal(2, holes);
        Assert.Equal(1, resolved);
    }
}
