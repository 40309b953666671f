using System.Globalization;
using System.Text.Json.Nodes;
using Console.Ingest.Parsing.Grok;

namespace Console.Ingest.Parsing;

/// <summary>
/// THE_BOT's request log: <c>asctime method=GET path=/api/x/ status=200 duration_ms=55.1 user_id=- request_id=...</c>.
/// No level on the line: 5xx ERROR, 4xx WARNING, else INFO, as for nginx. Unknown keys go under <c>django.*</c>.
/// </summary>
internal sealed class DjangoRequestsParser(GrokPatternLibrary patterns, TimeSpan matchTimeout)
    : KeyValueLogParser(ParserName, "django-backend", "django.requests", patterns, matchTimeout)
{
    public const string ParserName = "django-requests";

    protected override void Map(ReadOnlySpan<char> key, ReadOnlySpan<char> value, JsonObject fields)
    {
        switch (key)
        {
            case "method":
                EventFields.Set(fields, "http", "method", value.ToString());
                break;
            case "path":
                EventFields.Set(fields, "http", "url", value.ToString());
                EventFields.SetPathFromUrl(fields);
                break;
            case "status" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var status):
                EventFields.Set(fields, "http", "status_code", status);
                break;
            case "duration_ms" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var duration):
                fields["duration_ms"] = duration;
                break;
            case "user_id":
                fields["user_id"] = value.ToString();
                break;
            case "request_id":
                fields["request_id"] = value.ToString();
                break;
            default:
                EventFields.Set(fields, "django", key.ToString(), value.ToString());
                break;
        }
    }

    protected override string LevelWithout(JsonObject fields) =>
        LevelNames.FromStatus(EventFields.Get(fields, "http", "status_code") is JsonValue status && Console.Shared.Events.JsonNumbers.TryRead(status, out var code, out _) ? (long)code : 0);
}
