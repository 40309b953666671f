namespace Console.Benchmarks;

/// <summary>BENCHMARKS.md at the repository root, where every run's section is appended.</summary>
internal static class BenchmarksFile
{
    public static async Task AppendAsync(string repositoryRoot, string markdown)
    {
        var path = Path.Combine(repositoryRoot, "BENCHMARKS.md");
        if (!File.Exists(path))
        {
            await File.WriteAllTextAsync(path, MarkdownReport.FileHeader);
        }

        await File.AppendAllTextAsync(path, "\n" + markdown);
        System.Console.Error.WriteLine($"Appended to {path}");
    }
}
