using System.Globalization;

/// <summary>
/// Loaded by the runtime before the console's Main when <c>DOTNET_STARTUP_HOOKS</c> names this assembly: every 100 ms it
/// writes the process's allocated bytes and GC counts to the file named by <see cref="FileVariable"/>, which the benchmark
/// reads at the start and end of a phase (a process cannot read another's managed allocation counters otherwise).
/// </summary>
internal static class StartupHook
{
    public const string FileVariable = "CONSOLE_BENCH_ALLOCATIONS_FILE";

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable(FileVariable);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var thread = new Thread(() => WriteLoop(path)) { IsBackground = true, Name = "bench allocation probe" };
        thread.Start();
    }

    private static void WriteLoop(string path)
    {
        var temp = path + ".tmp";
        while (true)
        {
            var line = string.Join(
                ' ',
                GC.GetTotalAllocatedBytes(precise: false).ToString(CultureInfo.InvariantCulture),
                GC.CollectionCount(0).ToString(CultureInfo.InvariantCulture),
                GC.CollectionCount(1).ToString(CultureInfo.InvariantCulture),
                GC.CollectionCount(2).ToString(CultureInfo.InvariantCulture));
            try
            {
                File.WriteAllText(temp, line);
                File.Move(temp, path, overwrite: true); // the reader sees a whole line, never a half-written one
            }
            catch (IOException)
            {
                // The benchmark may be deleting the folder at the end of a phase.
            }
            catch (UnauthorizedAccessException)
            {
            }

            Thread.Sleep(Interval);
        }
    }
}
