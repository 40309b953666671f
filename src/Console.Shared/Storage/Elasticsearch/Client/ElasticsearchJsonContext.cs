using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>Source-generated (de)serializers for every request and response the client knows; snake_case as Elasticsearch writes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ErrorCause))]
[JsonSerializable(typeof(BulkResponse))]
[JsonSerializable(typeof(SearchBody))]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(DateHistogramAggregate))]
[JsonSerializable(typeof(TermsAggregate))]
[JsonSerializable(typeof(SingleBucketAggregate))]
[JsonSerializable(typeof(CompositeAggregate))]
[JsonSerializable(typeof(BucketsAggregate))]
[JsonSerializable(typeof(ValueAggregate))]
[JsonSerializable(typeof(PercentilesAggregate))]
[JsonSerializable(typeof(OpenPointInTimeResponse))]
[JsonSerializable(typeof(CountResponse))]
[JsonSerializable(typeof(AcknowledgedResponse))]
[JsonSerializable(typeof(IndexTemplate))]
[JsonSerializable(typeof(LifecyclePolicy))]
[JsonSerializable(typeof(List<CatIndexRow>))]
[JsonSerializable(typeof(ClusterHealthResponse))]
[JsonSerializable(typeof(FieldCapsResponse))]
[JsonSerializable(typeof(CreateSnapshotRequest))]
[JsonSerializable(typeof(SnapshotRepository))]
[JsonSerializable(typeof(CreateSnapshotResponse))]
[JsonSerializable(typeof(GetSnapshotsResponse))]
[JsonSerializable(typeof(SnapshotStatusResponse))]
[JsonSerializable(typeof(RestoreSnapshotRequest))]
[JsonSerializable(typeof(RestoreSnapshotResponse))]
[JsonSerializable(typeof(RecoveryResponse))]
[JsonSerializable(typeof(LifecycleExplainResponse))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class ElasticsearchJsonContext : JsonSerializerContext;
