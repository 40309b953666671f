using System.Text.RegularExpressions;

namespace Console.Ingest.Parsing.Grok;

/// <summary>
/// A handle on the groups that capture one field of an expression (more than one when the field appears in several
/// alternatives), looked up once so the hot path reads captures by number without a dictionary or a string.
/// </summary>
public readonly struct GrokField
{
    private readonly int[]? _groups;

    internal GrokField(int[] groups) => _groups = groups;

    /// <summary>The first group of this field that took part in the match, or null.</summary>
    public Group? Group(Match match)
    {
        foreach (var number in _groups ?? [])
        {
            var group = match.Groups[number];
            if (group.Success)
            {
                return group;
            }
        }

        return null;
    }

    /// <summary>The captured text without copying it.</summary>
    public bool TryGetSpan(Match match, out ReadOnlySpan<char> value)
    {
        if (Group(match) is { } group)
        {
            value = group.ValueSpan;
            return true;
        }

        value = default;
        return false;
    }

    public string? Value(Match match) => Group(match)?.Value;
}
