namespace Console.Ingest.Sources.Files;

/// <summary>Which neighbour a continuation line joins, as Filebeat's <c>multiline.match</c>.</summary>
public enum MultilineMatch
{
    /// <summary>Continuation lines are appended to the line before them (Python tracebacks, Java stack traces).</summary>
    After,

    /// <summary>Continuation lines are prepended to the line after them (a trailing <c>\</c> style continuation).</summary>
    Before,
}
