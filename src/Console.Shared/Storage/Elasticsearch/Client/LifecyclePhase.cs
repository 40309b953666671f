using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>One ILM phase: from what index age it applies and what it does (actions as query DSL-like objects: <c>{"readonly": {}}</c>).</summary>
public sealed record LifecyclePhase(string MinAge, JsonObject Actions);
