using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Console.Web.Tests.Faults;

/// <summary>The console as a real child process (the build's Console.Web.dll), so a test can SIGKILL it and start it again.</summary>
public sealed class ConsoleProcess : IDisposable
{
    private readonly string _dataPath;
    private Process? _process;

    public ConsoleProcess(string dataPath)
    {
        _dataPath = dataPath;
        Port = FreePort();
    }

    public int Port { get; }

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

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        // Generous: a restart replays the unindexed queue first, which is slow on a loaded 2-core machine.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"the console exited at start with code {(_process.HasExited ? _process.ExitCode : 0)}");
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

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    internal static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
