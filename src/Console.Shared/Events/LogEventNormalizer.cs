using System.Text.Json.Nodes;

namespace Console.Shared.Events;

/// <summary>
/// Maps the field names of common shippers to the schema: python-logstash-async and Logstash json_lines
/// (<c>level</c>, <c>logger_name</c>, <c>extra.*</c>, <c>host</c>), python-json-logger (<c>levelname</c>, <c>name</c>,
/// <c>asctime</c>) and ECS (<c>log.level</c>), then fixes the event's time and daily index.
/// </summary>
public sealed class LogEventNormalizer(TimeProvider clock)
{
    private static readonly string[] TimestampAliases = ["@timestamp", "timestamp", "asctime", "time", "@t", "ts"];
    private static readonly string[] LevelAliases = ["log_level", "level", "levelname", "severity", "log.level", "@l"];

    private readonly DailyIndexNames _dailyIndexNames = new();

    /// <summary>Normalises <paramref name="source"/> in place and returns it as an event for the daily index of <paramref name="indexBase"/>.</summary>
    public LogEvent Normalize(JsonObject source, string indexBase, string? id = null)
    {
        LiftExtra(source);
        if (source.ContainsKey("levelname"))
        {
            // A Python LogRecord rendered by python-json-logger: "name" is the logger's name.
            Rename(source, "name", LogSchema.Logger);
        }

        NormalizeLevel(source);
        Rename(source, "logger_name", LogSchema.Logger);

        if (source["host"] is JsonValue host && host.TryGetValue(out string? hostName))
        {
            source.Remove("host");
            source["host"] = new JsonObject { ["name"] = hostName };
        }

        var timestamp = TakeTimestamp(source);
        var index = IndexNames.IsDaily(indexBase) ? indexBase : _dailyIndexNames.For(indexBase, timestamp);
        return new LogEvent(id ?? EventIds.New(), index, timestamp, source) { MayExist = id is not null };
    }

    private DateTimeOffset TakeTimestamp(JsonObject source)
    {
        foreach (var alias in TimestampAliases)
        {
            if (source[alias] is { } node && TimestampParser.TryParse(node, out var parsed))
            {
                if (alias != LogSchema.Timestamp)
                {
                    source.Remove(alias);
                }

                source[LogSchema.Timestamp] = TimestampParser.Format(parsed);
                return parsed;
            }
        }

        // Like Logstash: an event without a readable time is stamped when it arrives, and the original kept.
        if (source[LogSchema.Timestamp] is { } unreadable)
        {
            source.Remove(LogSchema.Timestamp);
            source["@timestamp_original"] = unreadable.ToJsonString();
        }

        var now = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
        source[LogSchema.Timestamp] = TimestampParser.Format(now);
        return now;
    }

    private static void NormalizeLevel(JsonObject source)
    {
        foreach (var alias in LevelAliases)
        {
            var node = alias == "log.level" && source["log"] is JsonObject log ? log["level"] : source[alias];
            if (node is JsonValue value && value.TryGetValue(out string? level))
            {
                if (alias == "log.level")
                {
                    ((JsonObject)source["log"]!).Remove("level");
                }
                else if (alias != LogSchema.Level)
                {
                    source.Remove(alias);
                }

                source[LogSchema.Level] = LogLevels.Normalize(level);
                return;
            }
        }
    }

    private static void LiftExtra(JsonObject source)
    {
        if (source["extra"] is not JsonObject extra)
        {
            return;
        }

        source.Remove("extra");
        foreach (var (key, value) in extra.ToList())
        {
            extra.Remove(key);
            if (!source.ContainsKey(key))
            {
                source[key] = value;
            }
        }
    }

    private static void Rename(JsonObject source, string from, string to)
    {
        if (source.ContainsKey(to) || source[from] is not { } value)
        {
            return;
        }

        source.Remove(from);
        source[to] = value;
    }
}
