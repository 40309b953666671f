namespace Console.Ingest.Parsing;

public enum ParseOutcome
{
    Parsed,

    /// <summary>No pattern matched; the event is kept with its raw message and tagged <c>_grokparsefailure</c>.</summary>
    Failed,

    /// <summary>Matching took longer than the parser's time limit; kept and tagged <c>_groktimeout</c>.</summary>
    TimedOut,
}
