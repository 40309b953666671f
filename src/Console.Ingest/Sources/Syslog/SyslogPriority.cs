using Console.Shared.Events;

namespace Console.Ingest.Sources.Syslog;

/// <summary>The names behind a syslog PRI (facility × 8 + severity), spelled as rsyslog's <c>%syslogfacility-text%</c> and <c>%syslogseverity-text%</c>.</summary>
public static class SyslogPriority
{
    public const int MaxValue = 191;

    private static readonly string[] FacilityNames =
    [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp", "audit",
        "alert", "clock", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    ];

    private static readonly string[] SeverityNames = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

    public static int Facility(int priority) => priority >> 3;

    public static int Severity(int priority) => priority & 7;

    public static string FacilityName(int facility) => FacilityNames[facility];

    public static string SeverityName(int severity) => SeverityNames[severity];

    /// <summary>The console's level for a syslog severity: emerg/alert/crit are CRITICAL, notice and info are INFO.</summary>
    public static string LogLevel(int severity) => severity switch
    {
        <= 2 => LogLevels.Critical,
        3 => LogLevels.Error,
        4 => LogLevels.Warning,
        5 or 6 => LogLevels.Info,
        _ => LogLevels.Debug,
    };
}
