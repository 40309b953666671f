using System.ComponentModel.DataAnnotations;
using Console.Shared.Events;

namespace Console.Ingest.Sources.Syslog;

/// <summary>The <c>Ingest:Syslog</c> settings: where the syslog receiver listens and how much it takes.</summary>
public sealed class SyslogReceiverOptions : IValidatableObject, INetworkReceiverOptions
{
    public const string Section = "Ingest:Syslog";

    public bool Enabled { get; set; } = true;

    /// <summary>The address both listeners bind; <c>0.0.0.0</c> or <c>::</c> to accept other machines.</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The TCP and UDP port (5514, as the standard 514 needs root); 0 picks a free port, which tests use.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5514;

    public bool UdpEnabled { get; set; } = true;

    public bool TcpEnabled { get; set; } = true;

    /// <summary>Longest accepted message in bytes; a longer one is refused, counted and skipped.</summary>
    [Range(256, 16 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Open TCP connections at most; a connection beyond it is closed at once and counted.</summary>
    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 256;

    /// <summary>Open TCP connections from one client address at most, so one sender cannot take every slot.</summary>
    [Range(1, 100_000)]
    public int MaxConnectionsPerClient { get; set; } = 64;

    /// <summary>A TCP connection that sends nothing for this long is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The index family events go to (daily indices <c>thebot-logs-2026.11.23</c>).</summary>
    [Required]
    public string IndexBase { get; set; } = IndexNames.DefaultBase;

    /// <summary>Most records handed to the pipeline in one submission.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>UDP datagrams waiting for the pipeline; when it is full, further datagrams are dropped and counted (UDP senders cannot be slowed down).</summary>
    [Range(1, 1_000_000)]
    public int UdpQueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// The parser the pipeline runs on the message of a program's syslog lines (by APP-NAME/TAG, case-insensitively),
    /// as Filebeat's modules do: nginx's <c>access_log syslog:</c> and <c>error_log syslog:</c> lines (tag <c>nginx</c>
    /// for both by default) get <c>http.*</c>, PostgreSQL's <c>log_destination = syslog</c> lines their severity and
    /// durations. <c>a|b</c> tries <c>a</c>, then <c>b</c>; an empty value turns a default off. A message no parser
    /// matches keeps its syslog fields and is tagged <c>_grokparsefailure</c>.
    /// </summary>
    public Dictionary<string, string> Programs { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["nginx"] = "nginx-access|nginx-error",
        ["postgres"] = "postgresql",
        ["postgresql"] = "postgresql",
    };

    /// <summary>Joining PostgreSQL's syslog lines (<c>[3-1]</c>, <c>[3-2]</c>, ...) into one event per message.</summary>
    public PostgresqlMultilineOptions PostgresqlMultiline { get; set; } = new();

    /// <summary>The parser named for <paramref name="program"/>, or null.</summary>
    public string? ParserFor(string? program) =>
        program is not null && Programs.TryGetValue(program, out var parser) && !string.IsNullOrWhiteSpace(parser) ? parser : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in NetworkReceiverOptionsValidation.Validate(this))
        {
            yield return result;
        }

        // Data annotations do not look into nested settings; these are checked here with their full names.
        var nested = new List<ValidationResult>();
        Validator.TryValidateObject(PostgresqlMultiline, new ValidationContext(PostgresqlMultiline), nested, validateAllProperties: true);
        foreach (var result in nested)
        {
            yield return new ValidationResult($"{nameof(PostgresqlMultiline)}: {result.ErrorMessage}",
                result.MemberNames.Select(m => $"{nameof(PostgresqlMultiline)}:{m}").ToList());
        }
    }
}
