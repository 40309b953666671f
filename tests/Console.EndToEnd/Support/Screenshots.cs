namespace Console.EndToEnd.Support;

/// <summary>Where the browser tests save screenshots: <c>tests/Console.EndToEnd/TestResults/screenshots</c>, kept as artifacts of the run.</summary>
public static class Screenshots
{
    public static string Directory { get; } = System.IO.Directory.CreateDirectory(
        Path.Combine(CorpusFiles.RepositoryRoot, "tests", "Console.EndToEnd", "TestResults", "screenshots")).FullName;

    public static string PathFor(string name) => Path.Combine(Directory, name);
}
