using System.Text.Json.Nodes;
using Console.Ingest.Parsing.Grok;
using Console.Shared.Events;

namespace Console.Ingest.Parsing;

/// <summary>
/// THE_BOT's audit trail: <c>asctime LEVEL event=login_failed user_id=- username=x reason=... ip=... request_id=...</c>.
/// event → event.action, username → user.name, ip → client.ip, reason → event.reason; other keys under <c>audit.*</c>.
/// </summary>
internal sealed class DjangoAuditParser(GrokPatternLibrary patterns, TimeSpan matchTimeout)
    : KeyValueLogParser(ParserName, "django-backend", "django.audit", patterns, matchTimeout)
{
    public const string ParserName = "django-audit";

    protected override void Map(ReadOnlySpan<char> key, ReadOnlySpan<char> value, JsonObject fields)
    {
        switch (key)
        {
            case "event":
                EventFields.Set(fields, "event", "action", value.ToString());
                break;
            case "reason":
                EventFields.Set(fields, "event", "reason", value.ToString());
                break;
            case "username":
                EventFields.Set(fields, "user", "name", value.ToString());
                break;
            case "ip":
                EventFields.Set(fields, "client", "ip", value.ToString());
                break;
            case "user_id":
                fields["user_id"] = value.ToString();
                break;
            case "request_id":
                fields["request_id"] = value.ToString();
                break;
            default:
                EventFields.Set(fields, "audit", key.ToString(), value.ToString());
                break;
        }
    }

    protected override string LevelWithout(JsonObject fields) => LogLevels.Info;
}
