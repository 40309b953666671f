namespace Console.Ingest.Sources.Multiline;

/// <summary>The <c>log.flags</c> values a joined event carries, whichever joiner made it (Filebeat's names).</summary>
public static class MultilineFlags
{
    /// <summary>The event was put together from more than one line.</summary>
    public const string Multiline = "multiline";

    /// <summary>Lines past <see cref="MultilineLimits.MaxLines"/> or <see cref="MultilineLimits.MaxBytes"/> were consumed but their text dropped.</summary>
    public const string Truncated = "truncated";

    /// <summary>A line of the event never arrived (a lost syslog datagram), so the event has a gap or lacks its start.</summary>
    public const string Incomplete = "incomplete";
}
