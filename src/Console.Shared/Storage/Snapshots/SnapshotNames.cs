using System.Text.RegularExpressions;

namespace Console.Shared.Storage.Snapshots;

/// <summary>Snapshot names follow Elasticsearch's rules, narrowed to what is safe as a folder name.</summary>
public static partial class SnapshotNames
{
    public static string? Validate(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "snapshot name is empty";
        }

        if (name.Length > 100)
        {
            return "snapshot name is longer than 100 characters";
        }

        return Valid().IsMatch(name) ? null : $"snapshot name '{name}' must be lowercase letters, digits, '.', '_' or '-', and start with a letter or digit";
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex Valid();
}
