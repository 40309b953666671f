namespace Console.Web.Tests.Faults.Harness;

/// <summary>
/// SIGKILLs the console at a <see cref="KillMoment"/>: a file-system watcher on the queue or index folder kills the
/// process from the watcher's callback the instant the file that marks the moment is created.
/// </summary>
public static class KillTrigger
{
    /// <summary>
    /// Kills <paramref name="console"/> at <paramref name="moment"/>; true when the moment was caught, false when it did
    /// not come within <paramref name="timeout"/> and the process was killed then instead.
    /// </summary>
    public static async Task<bool> KillAtAsync(ConsoleProcess console, KillMoment moment, TimeSpan timeout)
    {
        if (moment == KillMoment.Random)
        {
            await Task.Delay(System.Random.Shared.Next(0, 300));
            console.Kill();
            return true;
        }

        var (folder, pattern, subfolders) = moment switch
        {
            KillMoment.QueueRollover => (QueueFolder(console), "*.wal", false),
            KillMoment.QueueCheckpoint => (QueueFolder(console), "checkpoint.tmp", false),
            _ => (Path.Combine(console.DataPath, "indices"), "segments_*", true),
        };
        Directory.CreateDirectory(folder);
        var caught = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new Lock();
        using var watcher = new FileSystemWatcher(folder, pattern) { IncludeSubdirectories = subfolders, InternalBufferSize = 64 * 1024 };
        watcher.Created += (_, _) =>
        {
            lock (gate)
            {
                if (!caught.Task.IsCompleted)
                {
                    console.Kill();
                    caught.TrySetResult(true);
                }
            }
        };
        watcher.EnableRaisingEvents = true;

        var first = await Task.WhenAny(caught.Task, Task.Delay(timeout));
        lock (gate)
        {
            if (first != caught.Task)
            {
                console.Kill();
                caught.TrySetResult(false);
            }
        }

        return await caught.Task;
    }

    public static string QueueFolder(ConsoleProcess console) => Path.Combine(console.DataPath, "ingest", "wal");
}
