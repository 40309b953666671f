using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Console.Web.Tests.Faults;

/// <summary>The console as a real child process (the build's Console.Web.dll), so a test can SIGKILL it and start it again.</summary>
public sealed class ConsoleProcess : IDisposable
{
    private readonly string _dataPath;
    private readonly IReadOnlyList<string> _settings;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    /// <param name="settings">Extra command-line settings (<c>--Ingest:Queue:SegmentBytes=1048576</c>), after the defaults so they win.</param>
    /// <param name="environment">Extra environment variables of the process.</param>
    public ConsoleProcess(string dataPath, IEnumerable<string>? settings = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        _dataPath = dataPath;
        _settings = settings?.ToList() ?? [];
        _environment = environment ?? new Dictionary<string, string>();
        Port = FreePort();
    }

    public int Port { get; }

    public string DataPath => _dataPath;

    /// <summary>Everything the process wrote to stdout and stderr, over every start.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>The running process's id, or null while it is stopped.</summary>
    public int? ProcessId => _process is { HasExited: false } running ? running.Id : null;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public async Task StartAsync()
    {
        var app = Path.Combine(AppContext.BaseDirectory, "Console.Web.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     app, $"--Urls={BaseAddress}", $"--Storage:DataPath={_dataPath}", "--Ingest:JsonLines:Port=0", "--Ingest:Syslog:Port=0", "--Ingest:Gelf:Port=0",
                     "--Ingest:Files:Enabled=false", "--Ingest:HostMetrics:Enabled=false", "--Logging:LogLevel:Default=Warning", "--Auth:Mode=None",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var setting in _settings)
        {
            start.ArgumentList.Add(setting);
        }

        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        _process?.Dispose();
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => Collect(line.Data);
        _process.ErrorDataReceived += (_, line) => Collect(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        // Generous: a restart replays the unindexed queue first, which is slow on a loaded 2-core machine.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // the last lines of its output
                Assert.Fail($"the console exited at start with code {_process.ExitCode}; its output ends:\n{string.Join('\n', _output.TakeLast(60))}");
            }

            try
            {
                if ((await client.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        Assert.Fail("the console did not answer /healthz within 180 s");
    }

    /// <summary>SIGKILL: no shutdown hooks, no final commit, as in a power cut of the process.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit();
        }
    }

    /// <summary>
    /// SIGTERM, the signal systemd and <c>docker stop</c> send: the host stops gracefully. Returns the exit code, or null
    /// when the process has not exited within <paramref name="timeout"/> (it is then left running for the caller to kill).
    /// </summary>
    public async Task<int?> TerminateAsync(TimeSpan timeout)
    {
        if (_process is not { HasExited: false } running)
        {
            return _process?.ExitCode;
        }

        using (var signal = Process.Start("kill", ["-TERM", running.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await running.WaitForExitAsync(wait.Token);
            return running.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    /// <summary>
    /// A free port below the kernel's ephemeral range. The console binds the same port again after each kill, and a port
    /// from the ephemeral range (what binding port 0 gives) can meanwhile become the local end of any outgoing connection,
    /// even the sender's own connect to it (a TCP self-connect), so the restart could not bind it.
    /// </summary>
    private static int FreePort()
    {
        var range = File.Exists("/proc/sys/net/ipv4/ip_local_port_range")
            ? File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            : [];
        var ephemeralStart = range.Length > 0 ? int.Parse(range[0], CultureInfo.InvariantCulture) : 32768;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = System.Random.Shared.Next(Math.Min(10_000, ephemeralStart - 1000), ephemeralStart);
            try
            {
                var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException("no free port below the ephemeral range after 200 attempts");
    }

    internal static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
