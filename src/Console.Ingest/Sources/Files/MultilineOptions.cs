using System.ComponentModel.DataAnnotations;
using Console.Ingest.Sources.Multiline;

namespace Console.Ingest.Sources.Files;

/// <summary>
/// Groups physical lines into one event the way Filebeat's <c>multiline.*</c> settings do: a line is a continuation
/// when <see cref="Pattern"/> matches it (or does not, with <see cref="Negate"/>), and joins the line before or after
/// it per <see cref="Match"/>.
/// </summary>
public sealed class MultilineOptions : MultilineLimits
{
    /// <summary>A .NET regular expression, e.g. <c>^\d{4}-\d{2}-\d{2} </c> for lines that start a Python log record.</summary>
    [Required]
    public string Pattern { get; set; } = "";

    public bool Negate { get; set; }

    public MultilineMatch Match { get; set; } = MultilineMatch.After;
}
