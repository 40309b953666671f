namespace Console.Ingest.Parsing.Grok;

/// <summary>A grok pattern or expression that cannot be used, with the pattern's name and the reason.</summary>
public sealed class GrokPatternException : Exception
{
    public GrokPatternException()
    {
        PatternName = string.Empty;
        Reason = string.Empty;
    }

    public GrokPatternException(string message)
        : base(message)
    {
        PatternName = string.Empty;
        Reason = message;
    }

    public GrokPatternException(string message, Exception innerException)
        : base(message, innerException)
    {
        PatternName = string.Empty;
        Reason = message;
    }

    public GrokPatternException(string patternName, string reason, Exception? innerException = null)
        : base($"Grok pattern {patternName}: {reason}", innerException)
    {
        PatternName = patternName;
        Reason = reason;
    }

    /// <summary>The pattern (or, for an expression, the expression's text) at fault.</summary>
    public string PatternName { get; }

    public string Reason { get; }
}
