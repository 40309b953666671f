using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Console.Ingest.Parsing.Grok;
using Console.Shared.Events;

namespace Console.Ingest.Parsing;

/// <summary>
/// Redis's server log: <c>23677:M 23 Nov 2026 23:14:42.907 * message</c>. The role letter becomes <c>redis.role</c>
/// (master, replica, child, sentinel); the level character <c>. - * #</c> becomes <c>redis.level</c> (debug, verbose,
/// notice, warning) and <c>log_level</c> DEBUG, INFO, INFO, WARNING. The pre-3.0 form without a year
/// (<c>[4018] 14 Nov 07:01:22.119 * ...</c>) gets the year from the clock.
/// </summary>
internal sealed class RedisParser : GrokLogParser
{
    public const string ParserName = "redis";

    private readonly TimeProvider _clock;
    private readonly GrokField _role;
    private readonly GrokField _level;

    public RedisParser(GrokPatternLibrary patterns, TimeSpan matchTimeout, TimeProvider clock)
        : base(ParserName, "redis", "redis.log", patterns.Compile("%{REDIS_LOG}", matchTimeout, [TimestampCapture, "redis_role", "redis_level"]))
    {
        _clock = clock;
        _role = Line.Field("redis_role");
        _level = Line.Field("redis_level");
    }

    protected override bool TryParseTime(ReadOnlySpan<char> text, out DateTimeOffset timestamp) =>
        LogTimestamps.TryParseDayMonthYear(text, out timestamp) || LogTimestamps.TryParseDayMonth(text, _clock.GetUtcNow(), out timestamp);

    protected override ParseOutcome Complete(string raw, Match match, JsonObject fields)
    {
        if (_role.TryGetSpan(match, out var role))
        {
            EventFields.Set(fields, "redis", "role", role switch
            {
                "M" => "master",
                "S" => "replica",
                "C" => "child",
                "X" => "sentinel",
                _ => role.ToString(),
            });
        }

        _level.TryGetSpan(match, out var level);
        var (name, normalized) = level switch
        {
            "." => ("debug", LogLevels.Debug),
            "-" => ("verbose", LogLevels.Info),
            "*" => ("notice", LogLevels.Info),
            _ => ("warning", LogLevels.Warning),
        };
        EventFields.Set(fields, "redis", "level", name);
        EventFields.SetLevel(fields, normalized);
        return ParseOutcome.Parsed;
    }
}
