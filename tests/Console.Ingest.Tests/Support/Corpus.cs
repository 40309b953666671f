using System.Text.Json;

namespace Console.Ingest.Tests.Support;

/// <summary>The shared corpus beside the repository (../shared/corpus) and its manifest.</summary>
public static class Corpus
{
    public static string Root { get; } = Find();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>A top-level object of manifest.json, such as <c>django_tracebacks</c>.</summary>
    public static JsonElement Manifest(string property)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "manifest.json")));
        return manifest.RootElement.GetProperty(property).Clone();
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
