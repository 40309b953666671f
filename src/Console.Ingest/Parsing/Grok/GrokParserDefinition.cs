namespace Console.Ingest.Parsing.Grok;

/// <summary>One configured grok parser (<c>Ingest:Grok:Parsers:&lt;name&gt;</c>), Logstash's <c>match => { "message" => [...] }</c>.</summary>
public sealed class GrokParserDefinition
{
    /// <summary>Expressions tried in order; the first that matches wins.</summary>
    public List<string> Match { get; set; } = [];

    /// <summary>The field whose text is matched.</summary>
    public string Field { get; set; } = "message";

    /// <summary>Set as <c>service</c> on events that have none.</summary>
    public string? Service { get; set; }
}
