using System.Diagnostics;
using System.Globalization;

namespace Console.Web.Verify;

/// <summary>
/// The <c>verify</c> command's arguments: where the console answers HTTP and where its receivers listen. A receiver
/// listens on one port for TCP and UDP in production; the per-protocol ports exist for consoles started with port 0.
/// </summary>
public sealed record VerifyOptions
{
    public const string Usage = """
        usage: Console.Web verify [options]

        Checks a running console: its HTTP port and receiver ports, one probe event through each receiver, and
        whether each probe became searchable. Prints one PASS/FAIL line per check; exits 0 when all pass, 1 otherwise.

          --url URL              the console's HTTP address            (default http://127.0.0.1:5601)
          --host HOST            where the receivers listen              (default 127.0.0.1)
          --json-port N          JSON lines, TCP and UDP                 (default 5000)
          --json-tcp-port N      JSON lines over TCP only                (default: --json-port)
          --json-udp-port N      JSON datagrams over UDP only            (default: --json-port)
          --syslog-port N        syslog, TCP and UDP                     (default 5514)
          --syslog-tcp-port N    syslog over TCP only                    (default: --syslog-port)
          --syslog-udp-port N    syslog over UDP only                    (default: --syslog-port)
          --gelf-port N          GELF, TCP and UDP                       (default 12201)
          --gelf-tcp-port N      GELF over TCP only                      (default: --gelf-port)
          --gelf-udp-port N      GELF over UDP only                      (default: --gelf-port)
          --seq-api-key KEY      the X-Seq-ApiKey the CLEF probe sends   (default: none)
          --timeout SECONDS      how long a probe may take to become searchable, and the
                                 longest wait for any connection or request (default 15)
          --api-key KEY          an API key with the ingest and read scopes, for a console with
                                 sign-in on (default: the CONSOLE_API_KEY environment variable)
        """;

    private static readonly HashSet<string> KnownOptions = new(StringComparer.Ordinal)
    {
        "--url", "--host", "--json-port", "--json-tcp-port", "--json-udp-port", "--syslog-port", "--syslog-tcp-port", "--syslog-udp-port",
        "--gelf-port", "--gelf-tcp-port", "--gelf-udp-port", "--seq-api-key", "--timeout", "--api-key",
    };

    public Uri Url { get; init; } = new("http://127.0.0.1:5601");

    public string Host { get; init; } = "127.0.0.1";

    public int JsonTcpPort { get; init; } = 5000;

    public int JsonUdpPort { get; init; } = 5000;

    public int SyslogTcpPort { get; init; } = 5514;

    public int SyslogUdpPort { get; init; } = 5514;

    public int GelfTcpPort { get; init; } = 12201;

    public int GelfUdpPort { get; init; } = 12201;

    /// <summary>Sent as <c>X-Seq-ApiKey</c> with the CLEF probe, for a console whose <c>Ingest:Clef:ApiKeys</c> are set.</summary>
    public string? SeqApiKey { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Sent as <c>Authorization: ApiKey ...</c>; needs both scopes, since verify sends probes and searches for them.</summary>
    public string? ApiKey { get; init; }

    /// <summary><c>--help</c>: print <see cref="Usage"/> and check nothing.</summary>
    public bool Help { get; init; }

    /// <summary>Reads <c>--name value</c> or <c>--name=value</c> pairs; on failure <paramref name="error"/> says which argument and why.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out VerifyOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = new VerifyOptions();
        error = null;
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? value = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                value = arg[(equals + 1)..];
                arg = arg[..equals];
            }

            if (arg is "-h" or "--help")
            {
                options = options with { Help = true };
                return true;
            }

            if (!KnownOptions.Contains(arg))
            {
                error = arg.StartsWith('-') ? $"unknown option '{arg}'" : $"unexpected argument '{arg}'";
                return false;
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    error = $"{arg} needs a value";
                    return false;
                }

                value = args[++i];
            }

            switch (arg)
            {
                case "--url":
                    if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    {
                        error = $"--url: '{value}' is not an http:// or https:// address";
                        return false;
                    }

                    options = options with { Url = url };
                    break;
                case "--host":
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        error = "--host: empty";
                        return false;
                    }

                    options = options with { Host = value };
                    break;
                case "--seq-api-key":
                    options = options with { SeqApiKey = value };
                    break;
                case "--json-port" or "--json-tcp-port" or "--json-udp-port" or "--syslog-port" or "--syslog-tcp-port" or "--syslog-udp-port"
                    or "--gelf-port" or "--gelf-tcp-port" or "--gelf-udp-port":
                    if (!TryPort(arg, value, out var port, out error))
                    {
                        return false;
                    }

                    ports[arg] = port;
                    break;
                case "--timeout":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds is <= 0 or > 3600)
                    {
                        error = $"--timeout: '{value}' is not a number of seconds between 0 and 3600";
                        return false;
                    }

                    options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--api-key":
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        error = "--api-key: empty";
                        return false;
                    }

                    options = options with { ApiKey = value.Trim() };
                    break;
                default:
                    throw new UnreachableException($"{arg} is in {nameof(KnownOptions)} but not read");
            }
        }

        options = options with
        {
            JsonTcpPort = Port("--json-tcp-port", "--json-port", options.JsonTcpPort),
            JsonUdpPort = Port("--json-udp-port", "--json-port", options.JsonUdpPort),
            SyslogTcpPort = Port("--syslog-tcp-port", "--syslog-port", options.SyslogTcpPort),
            SyslogUdpPort = Port("--syslog-udp-port", "--syslog-port", options.SyslogUdpPort),
            GelfTcpPort = Port("--gelf-tcp-port", "--gelf-port", options.GelfTcpPort),
            GelfUdpPort = Port("--gelf-udp-port", "--gelf-port", options.GelfUdpPort),
        };
        return true;

        // A per-protocol port wins over the shared one, whatever their order on the command line.
        int Port(string specific, string shared, int fallback) =>
            ports.TryGetValue(specific, out var port) ? port : ports.TryGetValue(shared, out port) ? port : fallback;
    }

    private static bool TryPort(string name, string value, out int port, out string? error)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= 65535)
        {
            port = parsed;
            error = null;
            return true;
        }

        port = 0;
        error = $"{name}: '{value}' is not a port (1-65535)";
        return false;
    }
}
