using System.Text.Json;

namespace Console.Ingest.Tests.Support;

/// <summary>The shared corpus beside the repository (../shared/corpus) and its manifest's ground truth.</summary>
public static class Corpus
{
    public static string Root { get; } = Find();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>The ground_truth object of one file in manifest.json.</summary>
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
