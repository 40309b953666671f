using System.Globalization;
using System.Text.RegularExpressions;

namespace Console.Shared.Events;

/// <summary>Elasticsearch-style index names: a base such as <c>thebot-logs</c> and daily indices <c>thebot-logs-2026.11.23</c>.</summary>
public static partial class IndexNames
{
    public const string DefaultBase = "thebot-logs";
    private const string DayFormat = "yyyy.MM.dd";

    public static string Daily(string indexBase, DateTimeOffset timestamp) =>
        indexBase + "-" + timestamp.UtcDateTime.ToString(DayFormat, CultureInfo.InvariantCulture);

    public static bool IsDaily(string name) => DailySuffix().IsMatch(name);

    /// <summary>The UTC day of a daily index, or null for an index without a date suffix.</summary>
    public static DateOnly? DayOf(string name)
    {
        var match = DailySuffix().Match(name);
        return match.Success && DateOnly.TryParseExact(match.Groups[1].Value, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;
    }

    /// <summary>The index family: the name without its date suffix.</summary>
    public static string BaseOf(string name)
    {
        var match = DailySuffix().Match(name);
        return match.Success ? name[..match.Index] : name;
    }

    /// <summary>Checks a name against Elasticsearch's rules for index names; returns the reason when it is not valid.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "index name is empty";
        }

        if (name.Length > 200)
        {
            return "index name is longer than 200 characters";
        }

        if (!ValidName().IsMatch(name))
        {
            return $"index name '{name}' must be lowercase letters, digits, '.', '_' or '-', and start with a letter or digit";
        }

        return null;
    }

    /// <summary>True when <paramref name="name"/> matches a comma-separated list of patterns with <c>*</c> wildcards.</summary>
    public static bool MatchesPattern(string name, string pattern)
    {
        foreach (var part in pattern.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Glob(name, part))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Checks a pattern list such as <c>thebot-logs-*,metrics-*</c>; returns the reason when it is not valid.</summary>
    public static string? ValidatePattern(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return "index pattern is empty";
        }

        foreach (var part in pattern.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0 || !ValidPattern().IsMatch(part))
            {
                return $"index pattern '{part}' may hold only lowercase letters, digits, '.', '_', '-' and '*'";
            }
        }

        return null;
    }

    private static bool Glob(string name, string pattern)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return string.Equals(name, pattern, StringComparison.Ordinal);
        }

        var prefix = pattern[..star];
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = pattern[(star + 1)..];
        if (rest.Length == 0)
        {
            return true;
        }

        for (var i = prefix.Length; i <= name.Length; i++)
        {
            if (Glob(name[i..], rest))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"-(\d{4}\.\d{2}\.\d{2})$")]
    private static partial Regex DailySuffix();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex ValidName();

    [GeneratedRegex(@"^[a-z0-9*][a-z0-9._*-]*$")]
    private static partial Regex ValidPattern();
}
