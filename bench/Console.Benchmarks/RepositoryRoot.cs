namespace Console.Benchmarks;

/// <summary>Finds the repository root (the directory holding Console.sln) from the working directory or the program's own location.</summary>
internal static class RepositoryRoot
{
    /// <exception cref="DirectoryNotFoundException">Neither the working directory nor the program is inside the repository.</exception>
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Console.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Console.sln not found above the working directory or the program; run from the repository");
    }
}
