using System.Diagnostics;
using System.Text;

namespace Console.Web.Tests.Support;

/// <summary>
/// Runs the built console (Console.Web.dll, beside the tests) as a process of its own and waits for it to exit by itself:
/// for starts that must end, with their exit code and everything they printed. Receivers, file inputs and host metrics
/// are off and sign-in is off; the arguments add to (and, given again, override) those.
/// </summary>
public static class ConsoleRun
{
    public static async Task<(int ExitCode, string Output)> UntilExitAsync(string dataFolder, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Console.Web.dll"), $"--Storage:DataPath={Path.Combine(dataFolder, "data")}",
                     "--Ingest:JsonLines:Port=0", "--Ingest:Syslog:Port=0", "--Ingest:Gelf:Port=0", "--Ingest:Files:Enabled=false", "--Ingest:HostMetrics:Enabled=false", "--Auth:Mode=None",
                 }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var stopWaiting = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(stopWaiting.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            Assert.Fail($"the console did not stop within {timeout.TotalSeconds:F0} s; it printed:\n{output}");
        }

        process.WaitForExit(); // lets the output handlers finish
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
