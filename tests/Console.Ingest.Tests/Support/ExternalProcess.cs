using System.Diagnostics;
using System.Text;

namespace Console.Ingest.Tests.Support;

/// <summary>A program started by a test: its output is kept for failure messages and the whole process tree is killed on dispose.</summary>
public sealed class ExternalProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ExternalProcess(string fileName, IEnumerable<string> arguments, string? standardInput)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        CommandLine = fileName + " " + string.Join(" ", start.ArgumentList);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            _process.StandardInput.Write(standardInput);
            _process.StandardInput.Close();
        }
    }

    public string CommandLine { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ExternalProcess Start(string fileName, params string[] arguments) => new(fileName, arguments, null);

    /// <summary>Runs a short-lived program to its end (at most <paramref name="timeout"/>, 10 s) and fails the test if it does not exit with 0.</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, string? standardInput = null, TimeSpan? timeout = null)
    {
        using var process = new ExternalProcess(fileName, arguments, standardInput);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            await process._process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"'{process.CommandLine}' did not finish in time:\n{process.Output}");
        }

        if (process._process.ExitCode != 0)
        {
            Assert.Fail($"'{process.CommandLine}' exited with {process._process.ExitCode}:\n{process.Output}");
        }

        return process.Output;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
