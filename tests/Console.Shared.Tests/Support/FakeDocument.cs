using System.Text.Json.Nodes;

namespace Console.Shared.Tests.Support;

/// <summary>A document in a <see cref="FakeElasticsearchCluster"/>; <paramref name="Order"/> is its <c>_shard_doc</c> (a new one on every write).</summary>
public sealed record FakeDocument(string Index, string Id, JsonObject Source, long Order);
