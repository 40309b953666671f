namespace Console.Shared.Storage;

/// <summary>
/// Holds a data folder for one console process. Two consoles on one folder would append to the same queue segments and
/// checkpoints, and each would find the other's index write locks taken; Lucene's <c>write.lock</c> guards one index,
/// this guards the folder. The lock is the operating system's on an open file (.NET's <see cref="FileShare.None"/>,
/// <c>flock</c> on Linux), so a console that dies, even by SIGKILL, releases it with its process.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    /// <summary>The file held, in the data folder; it holds the process id of the console that has it, for people.</summary>
    public const string FileName = "console.lock";

    private readonly FileStream _file;

    private DataFolderLock(FileStream file) => _file = file;

    /// <summary>Takes <paramref name="dataPath"/> (creating it when missing), or says in <paramref name="reason"/> why not.</summary>
    public static DataFolderLock? TryAcquire(string dataPath, out string? reason)
    {
        var folder = Path.GetFullPath(dataPath);
        var path = Path.Combine(folder, FileName);
        FileStream? file = null;
        try
        {
            Directory.CreateDirectory(folder);
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true))
            {
                writer.WriteLine(Environment.ProcessId);
            }

            file.Flush();
            reason = null;
            return new DataFolderLock(file);
        }
        catch (IOException) when (file is null && File.Exists(path))
        {
            reason = $"the data folder {folder} is in use by another console process (it holds {FileName}); stop that console or set Storage:DataPath to another folder";
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            file?.Dispose();
            reason = $"the data folder {folder} cannot be used: {ex.Message} (Storage:DataPath)";
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
