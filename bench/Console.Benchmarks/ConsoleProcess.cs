using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Console.Benchmarks;

/// <summary>
/// The real console (<c>Console.Web.dll</c>, built beside the bench through the project reference) as a child process,
/// started the way tests/Console.Web.Tests/Faults/ConsoleProcess.cs does, so the benchmark measures what ships.
/// </summary>
internal sealed class ConsoleProcess : IDisposable
{
    /// <summary>Lines of the child's output kept to explain a failed start.</summary>
    private const int KeptOutputLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ConsoleProcess(Process process, Uri baseAddress, int jsonLinesPort, string allocationsFile)
    {
        _process = process;
        AllocationsFile = allocationsFile;
        BaseAddress = baseAddress;
        JsonLinesPort = jsonLinesPort;
        Api = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    /// <summary>The JSON lines TCP port, or 0 when the console picked one it does not tell (file phase).</summary>
    public int JsonLinesPort { get; }

    public int Pid => _process.Id;

    /// <summary>Where the allocation probe loaded into the console writes its allocated bytes (<see cref="AllocationReading"/>).</summary>
    public string AllocationsFile { get; }

    public HttpClient Api { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The child's last lines of output, for a message when it dies.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Starts the console on free ports with <paramref name="pipelineFile"/> and waits until <c>GET /healthz</c> answers.</summary>
    /// <param name="jsonLinesTcp">Listen for JSON lines on a free TCP port (else port 0, i.e. one nobody is told about).</param>
    /// <exception cref="InvalidOperationException">The console exited or did not answer within <paramref name="startTimeout"/>.</exception>
    /// <param name="environment">ASPNETCORE_ENVIRONMENT for the console; null leaves Production.</param>
    public static async Task<ConsoleProcess> StartAsync(string dataPath, string pipelineFile, bool jsonLinesTcp, TimeSpan startTimeout, string? environment = null)
    {
        var httpPort = FreePort();
        var jsonLinesPort = jsonLinesTcp ? FreePort() : 0;
        var baseAddress = new Uri($"http://127.0.0.1:{httpPort}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Console.Web.dll"), $"--Urls={baseAddress}", $"--Storage:DataPath={dataPath}",
                     $"--Ingest:PipelineFile={pipelineFile}", $"--Ingest:JsonLines:Port={jsonLinesPort}", "--Ingest:Syslog:Port=0", "--Ingest:Gelf:Port=0",
                     "--Ingest:HostMetrics:Enabled=false", "--Logging:LogLevel:Default=Warning",
                     "--Auth:Mode=None", // loopback only: the benchmark measures the console, not sign-in
                 })
        {
            start.ArgumentList.Add(argument);
        }

        // The allocation probe (a startup hook built beside the bench) reports the console's allocations to the bench.
        var allocationsFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataPath))!, "console-allocations");
        // Hooks already named in the environment (a profiler's, a stall probe's) are kept beside it.
        var allocationProbe = Path.Combine(AppContext.BaseDirectory, "Console.Benchmarks.AllocationProbe.dll");
        var otherHooks = Environment.GetEnvironmentVariable("DOTNET_STARTUP_HOOKS");
        start.Environment["DOTNET_STARTUP_HOOKS"] = string.IsNullOrEmpty(otherHooks) ? allocationProbe : otherHooks + Path.PathSeparator + allocationProbe;
        start.Environment["CONSOLE_BENCH_ALLOCATIONS_FILE"] = allocationsFile;

        // ENVIRONMENT=production turns on the DEBUG-drop filter, which would make the indexed count fall short of what was sent.
        start.Environment.Remove("ENVIRONMENT");
        if (environment is not null)
        {
            start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var console = new ConsoleProcess(process, baseAddress, jsonLinesPort, allocationsFile);
        process.OutputDataReceived += (_, e) => console.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => console.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(startTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (process.HasExited)
            {
                var message = $"the console exited at start with code {process.ExitCode}:\n{console.RecentOutput}";
                console.Dispose();
                throw new InvalidOperationException(message);
            }

            try
            {
                if ((await probe.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return console;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        console.Dispose();
        throw new InvalidOperationException($"the console did not answer /healthz within {startTimeout.TotalSeconds:F0} s:\n{console.RecentOutput}");
    }

    /// <summary>Kills the console: nothing is left to flush that the benchmark still needs, and a kill cannot hang.</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(30));
        }
    }

    public void Dispose()
    {
        Stop();
        Api.Dispose();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > KeptOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
