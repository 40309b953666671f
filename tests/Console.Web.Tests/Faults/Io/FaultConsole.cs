using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Console.Web.Tests.Faults.Io;

/// <summary>
/// The built console (Console.Web.dll) as a child process with the settings a fault test chooses, its receivers on
/// free ports, its resident memory readable from /proc and its last log lines kept for the failure message.
/// </summary>
public sealed class FaultConsole : IDisposable
{
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    public FaultConsole(string dataPath, IReadOnlyDictionary<string, string>? settings = null)
    {
        DataPath = dataPath;
        Settings = settings ?? new Dictionary<string, string>();
        HttpPort = FreePort();
        JsonPort = FreePort();
        SyslogPort = FreePort();
        GelfPort = FreePort();
    }

    public string DataPath { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public int HttpPort { get; }

    /// <summary>JSON lines, TCP and UDP.</summary>
    public int JsonPort { get; }

    public int SyslogPort { get; }

    public int GelfPort { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    public bool IsRunning => _process is { HasExited: false };

    public int Pid => _process?.Id ?? throw new InvalidOperationException("not started");

    /// <summary>The last lines the console wrote (warnings and errors), for a failure message.</summary>
    public string RecentLog => string.Join('\n', _log);

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        var arguments = new Dictionary<string, string>
        {
            ["Urls"] = BaseAddress.ToString().TrimEnd('/'),
            ["Storage:DataPath"] = DataPath,
            ["Ingest:JsonLines:Port"] = Format(JsonPort),
            ["Ingest:Syslog:Port"] = Format(SyslogPort),
            ["Ingest:Gelf:Port"] = Format(GelfPort),
            ["Ingest:Files:Enabled"] = "false",
            ["Ingest:HostMetrics:Enabled"] = "false",
            ["Ingest:RateLimit:Enabled"] = "false",
            ["Lifecycle:Enabled"] = "false",
            ["Alerting:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Auth:Mode"] = "None",
        };
        foreach (var (key, value) in Settings)
        {
            arguments[key] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Console.Web.dll"));
        foreach (var (key, value) in arguments)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(180); // a replay of the queue comes first on a restart; slow on a loaded machine
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"the console exited at start with code {(_process.HasExited ? _process.ExitCode : 0)}:\n{RecentLog}");
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

        Assert.Fail($"the console did not answer /healthz within 180 s:\n{RecentLog}");
    }

    /// <summary>Resident memory from /proc/PID/status (VmRSS), in bytes; 0 once the process is gone.</summary>
    public long ResidentBytes() => StatusBytes("VmRSS:");

    /// <summary>
    /// The resident memory the process itself holds (RssAnon + RssShmem: heaps, stacks, anonymous maps), in bytes; 0 once
    /// the process is gone. VmRSS also counts the pages of files the process maps (RssFile): Lucene maps its index files,
    /// and those pages are the kernel's page cache, which it drops under memory pressure, so they grow with the index, not
    /// with what the process keeps.
    /// </summary>
    public long PrivateResidentBytes() => StatusBytes("RssAnon:") + StatusBytes("RssShmem:");

    private long StatusBytes(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    /// <summary>SIGKILL, as a power cut of the process.</summary>
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

    internal static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > 200 && _log.TryDequeue(out _))
        {
        }
    }

    /// <summary>A port free for both TCP and UDP at this moment (the receivers bind both on one number).</summary>
    private static int FreePort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
            }
            finally
            {
                listener.Stop();
            }
        }
    }
}
