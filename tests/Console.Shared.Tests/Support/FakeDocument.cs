using System.Text.Json.Nodes;

namespace Console.Shared.Tests.Support;

/// <summary>
/// A document in a <see cref="FakeElasticsearchCluster"/>; <paramref name="Order"/> is its <c>_shard_doc</c> (a new one on
/// every write), <paramref name="Version"/> its <c>_version</c>: 1 when created, one more on every write of the same id.
/// </summary>
public sealed record FakeDocument(string Index, string Id, JsonObject Source, long Order, long Version = 1);
