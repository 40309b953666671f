using System.Diagnostics;

namespace Console.Benchmarks;

/// <summary>Runs a program to its end: each line of its output goes to a callback, its errors are echoed to ours (progress).</summary>
internal static class ChildProcess
{
    /// <returns>The exit code and the wall time from start to exit.</returns>
    /// <exception cref="InvalidOperationException">The program cannot be started (not installed).</exception>
    public static async Task<(int ExitCode, TimeSpan Elapsed)> RunAsync(
        string fileName, IEnumerable<string> arguments, Action<string>? onOutputLine = null, IReadOnlyDictionary<string, string>? environment = null, bool echoErrors = true)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var started = Stopwatch.GetTimestamp();
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"cannot run {fileName}: {ex.Message}", ex);
        }

        using (process)
        {
            var errors = Task.Run(async () =>
            {
                while (await process.StandardError.ReadLineAsync() is { } line)
                {
                    if (echoErrors)
                    {
                        System.Console.Error.WriteLine(line);
                    }
                }
            });
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                onOutputLine?.Invoke(line);
            }

            await process.WaitForExitAsync();
            var elapsed = Stopwatch.GetElapsedTime(started);
            await errors;
            return (process.ExitCode, elapsed);
        }
    }
}
