using System.Text.Json;

namespace Console.EndToEnd.Support;

/// <summary>The shared corpus beside the repository (<c>../shared/corpus</c>) and its manifest's ground truth.</summary>
public static class CorpusFiles
{
    public static string RepositoryRoot { get; } = FindUp("Console.sln");

    public static string Root { get; } = Path.Combine(Path.GetDirectoryName(RepositoryRoot)!, "shared", "corpus");

    public static string PathOf(string corpusFile) => Path.Combine(Root, corpusFile);

    /// <summary>The manifest's <c>ground_truth</c> of one corpus file.</summary>
    public static JsonElement Truth(string corpusFile)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "manifest.json")));
        return manifest.RootElement.GetProperty("files").EnumerateArray()
            .Single(f => f.GetProperty("path").GetString() == corpusFile).GetProperty("ground_truth").Clone();
    }

    private static string FindUp(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, file)))
            {
                return dir.FullName;
            }
        }

        throw new FileNotFoundException(file + " not found above " + AppContext.BaseDirectory);
    }
}
