using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>The body of a failed request; <c>error</c> is an object, or a plain string for a few APIs.</summary>
internal sealed record ErrorResponse(JsonElement Error, int? Status);
