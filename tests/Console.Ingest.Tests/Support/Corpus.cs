using System.Text.Json;

namespace Console.Ingest.Tests.Support;

/// <summary>The shared corpus beside the repository (../shared/corpus) and its manifest's ground truth.</summary>
public static class Corpus
{
    public static string Root { get; } = Find();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>The ground_truth object of one file in manifest.json.</summary>
    /// <summary>A top-level object of manifest.json, such as <c>django_tracebacks</c>.</summary>
    public static JsonElement Manifest(string property)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "manifest.json")));
        return manifest.RootElement.GetProperty(property).Clone();
    }

    public static JsonElement Truth(string relative)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "manifest.json")));
        foreach (var file in manifest.RootElement.GetProperty("files").EnumerateArray())
        {
            if (file.GetProperty("path").GetString() == relative)
            {
                return file.GetProperty("ground_truth").Clone();
            }
        }

        throw new InvalidOperationException($"{relative} is not in the corpus manifest");
    }

    /// <summary>An object of counts in the manifest (<c>by_status</c>, <c>by_level</c>, ...) as a dictionary.</summary>
    public static Dictionary<string, long> Counts(this JsonElement counts) =>
        counts.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);

    /// <summary>
    /// The events of a corpus file as a tailer with multi-line joining hands them over: a line for which
    /// <paramref name="startsEvent"/> holds starts an event, any other line continues the one before (joined with \n).
    /// </summary>
    public static List<string> Events(string relative, Func<string, bool> startsEvent)
    {
        var events = new List<string>();
        System.Text.StringBuilder? current = null;
        foreach (var line in File.ReadLines(PathOf(relative)))
        {
            if (startsEvent(line) || current is null)
            {
                if (current is not null)
                {
                    events.Add(current.ToString());
                }

                current = new System.Text.StringBuilder(line);
            }
            else
            {
                current.Append('\n').Append(line);
            }
        }

        if (current is not null)
        {
            events.Add(current.ToString());
        }

        return events;
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (File.Exists(Path.Combine(candidate, "manifest.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("../shared/corpus was not found above " + AppContext.BaseDirectory);
    }
}
