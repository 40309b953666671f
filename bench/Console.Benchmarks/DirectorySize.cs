namespace Console.Benchmarks;

/// <summary>The bytes and number of files under a directory, recursively.</summary>
internal static class DirectorySize
{
    public static (long Bytes, int Files) Of(string path)
    {
        long bytes = 0;
        var files = 0;
        foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            bytes += file.Length;
            files++;
        }

        return (bytes, files);
    }
}
