using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Console.Shared.Tests.Support;

/// <summary>
/// Evaluates the part of the query DSL the console sends for plain searches (match_all, bool, term, terms, range,
/// exists) against a document's source. Any other clause throws, so the fake answers 400 instead of a wrong result.
/// </summary>
public static class FakeQueryMatcher
{
    public static bool Matches(JsonObject? query, JsonObject source)
    {
        if (query is null)
        {
            return true;
        }

        var (kind, body) = query.Single();
        return kind switch
        {
            "match_all" => true,
            "match_none" => false,
            "bool" => Bool(body!.AsObject(), source),
            "term" => Term(body!.AsObject(), source),
            "terms" => Terms(body!.AsObject(), source),
            "range" => Range(body!.AsObject(), source),
            "exists" => Values(source, (string)body!["field"]!).Any(),
            _ => throw new NotSupportedException($"the fake cannot evaluate a {kind} query"),
        };
    }

    private static bool Bool(JsonObject body, JsonObject source)
    {
        IEnumerable<JsonObject> Clauses(string name) => body[name] switch
        {
            JsonArray array => array.Select(c => c!.AsObject()),
            JsonObject single => [single],
            _ => [],
        };

        if (!Clauses("must").Concat(Clauses("filter")).All(c => Matches(c, source)) || Clauses("must_not").Any(c => Matches(c, source)))
        {
            return false;
        }

        var should = Clauses("should").ToList();
        var required = body["minimum_should_match"] is { } minimum ? (int)minimum : (body["must"] ?? body["filter"]) is null && should.Count > 0 ? 1 : 0;
        return should.Count(c => Matches(c, source)) >= required;
    }

    private static bool Term(JsonObject body, JsonObject source)
    {
        var (field, spec) = body.Single();
        var (value, ignoreCase) = spec is JsonObject options ? (options["value"], options["case_insensitive"] is { } ci && (bool)ci) : (spec, false);
        return Values(source, field).Any(v => Same(v, value, ignoreCase));
    }

    private static bool Terms(JsonObject body, JsonObject source)
    {
        var (field, list) = body.Single();
        return Values(source, field).Any(v => list!.AsArray().Any(t => Same(v, t, ignoreCase: false)));
    }

    private static bool Range(JsonObject body, JsonObject source)
    {
        var (field, spec) = body.Single();
        var bounds = spec!.AsObject();
        return Values(source, field).Select(Number).Any(v => v is { } x &&
            (bounds["gte"] is not { } gte || x >= Number(gte)) && (bounds["gt"] is not { } gt || x > Number(gt)) &&
            (bounds["lte"] is not { } lte || x <= Number(lte)) && (bounds["lt"] is not { } lt || x < Number(lt)));
    }

    /// <summary>A number, or a date as epoch milliseconds (how the console sends time bounds and how the fake sorts).</summary>
    public static double? Number(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return value.GetValue<double>();
        }

        var text = value.GetValue<string>();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUnixTimeMilliseconds()
            : null;
    }

    private static bool Same(JsonNode? stored, JsonNode? wanted, bool ignoreCase)
    {
        if (Number(wanted) is { } n && stored is JsonValue sv && sv.GetValueKind() == JsonValueKind.Number)
        {
            return Number(stored) == n;
        }

        return string.Equals(Text(stored), Text(wanted), ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString();

    /// <summary>The values at a dotted path (<c>host.name</c> as an object path or a dotted key), arrays flattened.</summary>
    public static IEnumerable<JsonNode> Values(JsonObject source, string field)
    {
        if (source.TryGetPropertyValue(field, out var direct) && direct is not null)
        {
            return direct is JsonArray array ? array.OfType<JsonNode>() : [direct];
        }

        var dot = field.IndexOf('.', StringComparison.Ordinal);
        while (dot > 0)
        {
            if (source[field[..dot]] is JsonObject inner)
            {
                var found = Values(inner, field[(dot + 1)..]).ToList();
                if (found.Count > 0)
                {
                    return found;
                }
            }

            dot = field.IndexOf('.', dot + 1);
        }

        return [];
    }
}
