using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>An ILM policy (<c>PUT _ilm/policy/name</c>).</summary>
public sealed record LifecyclePolicy(LifecyclePolicyBody Policy);
