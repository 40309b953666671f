using System.Text.Json;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>A page of a <c>composite</c> aggregation; <see cref="AfterKey"/> asks for the next page, absent on the last.</summary>
public sealed record CompositeAggregate(List<CompositeBucket> Buckets, Dictionary<string, JsonElement>? AfterKey = null);
