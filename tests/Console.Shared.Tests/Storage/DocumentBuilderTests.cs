using System.Text;
using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;
using Lucene.Net.Documents;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// The builder reads an event's fields straight from its UTF-8 JSON; these tests hold it to what
/// <see cref="EventFlattener"/> finds in the parsed tree, which the live tail's matcher and Discover use.
/// </summary>
public sealed class DocumentBuilderTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string> Sources => new()
    {
        """{"message":"GET /api/health/ 200","levelname":"INFO","status":200,"duration_ms":55.1,"ok":true,"gone":null}""",
        """{"http":{"request":{"method":"GET","path":"/a"},"status_code":404},"tags":["x","y",["z"]],"spans":[{"id":"a1"},{"id":"a2","ms":3}]}""",
        """{"caf\u00e9":"cr\u00e8me","a\u002eb":"dotted by an escape","":"empty name","quote\"d":"\"x\"","nested":{"":"empty inside"}}""",
        """{"user_id":"123","count":"17","when":"2026-11-27T10:00:00Z","big":12345678901234567890,"neg":-3.5e2}""",
        Deep(25),
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void The_fields_indexed_are_the_flattened_fields_of_the_tree(string json)
    {
        var source = JsonNode.Parse(json)!.AsObject();
        var expected = new List<KeyValuePair<string, JsonValue>>();
        EventFlattener.Flatten(source, expected);
        var expectedNames = expected
            .Where(pair => pair.Value.GetValueKind() != System.Text.Json.JsonValueKind.Null)
            .GroupBy(pair => pair.Key)
            .ToDictionary(group => group.Key, group => group.Count());

        var bytes = Encoding.UTF8.GetBytes(source.ToJsonString());
        var logEvent = new LogEvent("id-1", "builder-test-2026.11.27", DateTimeOffset.UnixEpoch, source) { SourceJson = bytes };
        var builder = new DocumentBuilder(new FieldCatalog(Path.Combine(_directory.Path, "_fields.json"), 1000));

        var doc = builder.Build(logEvent, sequence: 1, NumberDocValuesEncoding.SortedBytes, out var flagged);

        // Each value of a user field is one indexed field of that name (a keyword also has a doc value, not indexed).
        var indexed = doc.Fields
            .Where(field => field.IndexableFieldType.IsIndexed && !field.Name.StartsWith('_') && field.Name != IndexLayout.RawMessage)
            .GroupBy(field => field.Name)
            .ToDictionary(group => group.Key, group => group.Count());
        Assert.Equal(0, flagged);
        Assert.Equal(expectedNames.OrderBy(pair => pair.Key, StringComparer.Ordinal), indexed.OrderBy(pair => pair.Key, StringComparer.Ordinal));
        Assert.Equal(bytes, doc.GetBinaryValue(IndexLayout.Source).Bytes.AsSpan(0, bytes.Length).ToArray());
    }

    [Fact]
    public void Keyword_values_are_unescaped_and_lower_cased_for_the_term_and_kept_as_sent_for_the_doc_value()
    {
        var json = """{"levelname":"ERROR","path":"C:\\Temp\u00e9"}""";
        var logEvent = new LogEvent("id-1", "builder-test-2026.11.27", DateTimeOffset.UnixEpoch, JsonNode.Parse(json)!.AsObject())
        {
            SourceJson = Encoding.UTF8.GetBytes(json),
        };
        var builder = new DocumentBuilder(new FieldCatalog(Path.Combine(_directory.Path, "_fields.json"), 1000));

        var doc = builder.Build(logEvent, sequence: 1, NumberDocValuesEncoding.SortedBytes, out _);

        Assert.Equal(SchemaQueryParser.Keyword("ERROR"), doc.Fields.OfType<StringField>().Single(f => f.Name == "levelname").GetStringValue());
        Assert.Equal("C:\\Tempé", doc.Fields.OfType<SortedSetDocValuesField>().Single(f => f.Name == "path").GetBinaryValue().Utf8ToString());
    }

    [Fact]
    public void A_second_event_gets_its_own_names_and_values_from_the_reused_buffers()
    {
        var builder = new DocumentBuilder(new FieldCatalog(Path.Combine(_directory.Path, "_fields.json"), 1000));
        Build(builder, """{"a":{"long_name_inside":"first"}}""");

        var doc = Build(builder, """{"a":{"b":"second"},"c":"third"}""");

        var names = doc.Fields.Where(f => f is StringField && !f.Name.StartsWith('_')).Select(f => f.Name + "=" + f.GetStringValue());
        Assert.Equal(["a.b=second", "c=third"], names);
    }

    private static Document Build(DocumentBuilder builder, string json) =>
        builder.Build(
            new LogEvent("id", "builder-test-2026.11.27", DateTimeOffset.UnixEpoch, JsonNode.Parse(json)!.AsObject()) { SourceJson = Encoding.UTF8.GetBytes(json) },
            sequence: 1,
            NumberDocValuesEncoding.SortedBytes,
            out _);

    /// <summary>Objects nested past <see cref="EventFlattener.MaxDepth"/>, each level with a value of its own.</summary>
    private static string Deep(int levels)
    {
        var json = new StringBuilder();
        for (var level = 0; level < levels; level++)
        {
            json.Append("{\"v").Append(level).Append("\":\"at ").Append(level).Append("\",\"o\":");
        }

        json.Append("{}");
        json.Append('}', levels);
        return json.ToString();
    }
}
