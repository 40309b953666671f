using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>Elasticsearch's error object: <c>{"type": ..., "reason": ..., "caused_by": ...}</c>.</summary>
public sealed record ErrorCause(string? Type, string? Reason, ErrorCause? CausedBy = null)
{
    /// <summary>The reason with the causes below it, which often hold the part a person needs ("For input string ...").</summary>
    public string Describe() => CausedBy is null ? $"{Type}: {Reason}" : $"{Type}: {Reason} (caused by {CausedBy.Describe()})";
}
