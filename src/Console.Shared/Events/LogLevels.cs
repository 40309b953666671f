namespace Console.Shared.Events;

/// <summary>The five levels every source is normalised to (Python's names, which the seed uses).</summary>
public static class LogLevels
{
    public const string Debug = "DEBUG";
    public const string Info = "INFO";
    public const string Warning = "WARNING";
    public const string Error = "ERROR";
    public const string Critical = "CRITICAL";

    /// <summary>Maps the spellings of Python, syslog, PostgreSQL, Serilog and friends to one of the five; unknown values pass through upper-cased.</summary>
    public static string Normalize(string level) => level.Trim().ToUpperInvariant() switch
    {
        "TRACE" or "VERBOSE" or "DEBUG" or "DEBUG1" or "DEBUG2" or "DEBUG3" or "DEBUG4" or "DEBUG5" or "DBG" => Debug,
        "INFO" or "INFORMATION" or "NOTICE" or "LOG" or "INF" => Info,
        "WARN" or "WARNING" or "WRN" => Warning,
        "ERROR" or "ERR" or "EROR" => Error,
        "CRITICAL" or "CRIT" or "FATAL" or "PANIC" or "EMERG" or "EMERGENCY" or "ALERT" or "FTL" => Critical,
        var other => other,
    };
}
