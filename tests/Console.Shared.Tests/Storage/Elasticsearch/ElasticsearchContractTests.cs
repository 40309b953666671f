using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Elasticsearch;
using Console.Shared.Storage.Elasticsearch.Client;
using Console.Shared.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Shared.Tests.Storage.Elasticsearch;

/// <summary>
/// The contract against a real cluster: the same events go into the embedded store and into Elasticsearch, and every
/// seed query form must give the same hits in both. Runs when ELASTICSEARCH_URL is set (with ELASTICSEARCH_USERNAME and
/// ELASTICSEARCH_PASSWORD, or ELASTICSEARCH_API_KEY, and ELASTICSEARCH_CA for a self-signed cluster); skipped otherwise.
/// Its indices are named console-contract-{run}-logs-* and deleted at the end.
/// </summary>
public sealed class ElasticsearchContractTests : IDisposable
{
    private static readonly string[] Lines =
    [
        """{"@timestamp":"2026-11-23T23:10:00Z","message":"ERROR: database connection refused","log_level":"ERROR","service":"django-backend","user_id":"123","request_id":"7f9c2ba4-e88f-4b8a-9d0c-1a2b3c4d5e6f","duration_ms":250.5,"status":500}""",
        """{"@timestamp":"2026-11-23T23:20:00Z","message":"Internal Server Error: /api/orders/","log_level":"ERROR","service":"django-backend","user_id":"456","duration_ms":120,"status":500}""",
        """{"@timestamp":"2026-11-23T23:30:00Z","message":"Task tasks.send_email succeeded","log_level":"INFO","service":"celery-worker","duration_ms":900,"cache_hit":true}""",
        """{"@timestamp":"2026-11-23T23:40:00Z","message":"worker lost connection to broker","log_level":"CRITICAL","service":"django-backend","duration_ms":99.9}""",
        """{"@timestamp":"2026-11-23T23:50:00Z","message":"GET /health 200","log_level":"DEBUG","service":"nginx","status":200,"cache_hit":false}""",
        """{"@timestamp":"2026-11-23T21:00:00Z","message":"an error in the past","log_level":"Error","service":"Django-Backend","user_id":"123","status":404}""",
        """{"@timestamp":"2026-11-22T12:00:00Z","message":"timeout talking to redis","log_level":"WARNING","service":"celery-worker","duration_ms":"slow"}""",
    ];

    private static readonly string[] Queries =
    [
        "message:\"error\"", "log_level:ERROR", "service:django-backend", "user_id:123", "request_id:\"7f9c2ba4-e88f-4b8a-9d0c-1a2b3c4d5e6f\"",
        "duration_ms:[100 TO 500]", "@timestamp:[now-1h TO now]", "message:/^ERROR: .*/", "message:/Internal Server Error.*/",
        "(log_level:ERROR OR log_level:CRITICAL) AND service:django-backend", string.Empty,
        "NOT log_level:DEBUG", "service:django*", "message:connect*", "status:>=500", "status:[200 TO 500}", "_exists_:user_id",
        "connection refused", "\"connection refused\"", "cache_hit:true", "message:timeot~1", "@timestamp:2026-11-23",
    ];

    private readonly StoreBuilder _builder = new();
    private readonly string _family = $"console-contract-{Guid.NewGuid():N}"[..28] + "-logs";

    public void Dispose() => _builder.Dispose();

    [ElasticsearchFact]
    public async Task Every_seed_query_form_gives_the_same_hits_as_the_embedded_store()
    {
        using var client = new ElasticsearchClient(ClientOptions());
        using var elastic = new ElasticsearchLogStore(client, Options.Create(new ElasticsearchStoreOptions
        {
            IndexPatterns = ["console-contract-*"],
            TemplateName = "console-contract",
            DeadLetterIndexBase = "console-contract-deadletter",
        }), Options.Create(new StorageOptions()), _builder.Clock, NullLogger<ElasticsearchLogStore>.Instance);
        var embedded = _builder.Open();
        var events = Lines.Select(l => _builder.Event(l, _family)).ToList();
        try
        {
            await embedded.IndexAsync(events);
            await embedded.RefreshAsync();
            Assert.Equal(events.Count, (await elastic.IndexAsync(events)).Indexed);
            await elastic.RefreshAsync();

            var pattern = _family + "-*";
            foreach (var text in Queries)
            {
                var query = new LogQuery(pattern, text, null, null);
                var expected = await embedded.SearchAsync(new SearchRequest(query, Size: 100));
                var actual = await elastic.SearchAsync(new SearchRequest(query, Size: 100));
                Assert.True(expected.Hits.Select(h => h.Id).SequenceEqual(actual.Hits.Select(h => h.Id)),
                    $"'{text}': embedded {string.Join(',', expected.Hits.Select(h => h.Id))}, Elasticsearch {string.Join(',', actual.Hits.Select(h => h.Id))}");
                Assert.Equal(expected.Total, await elastic.CountAsync(query));
            }

            var all = new LogQuery(pattern, null, new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), _builder.Clock.Now);
            var expectedTop = await embedded.TopValuesAsync(new TopValuesRequest(all, LogSchema.Level, 3));
            var actualTop = await elastic.TopValuesAsync(new TopValuesRequest(all, LogSchema.Level, 3));
            Assert.Equal(expectedTop.Values, actualTop.Values);
            Assert.Equal((expectedTop.Total, expectedTop.WithField, expectedTop.OtherCount), (actualTop.Total, actualTop.WithField, actualTop.OtherCount));
            var expectedHistogram = await embedded.HistogramAsync(new HistogramRequest(all, TimeSpan.FromHours(1)));
            var actualHistogram = await elastic.HistogramAsync(new HistogramRequest(all, TimeSpan.FromHours(1)));
            Assert.Equal(expectedHistogram.Buckets, actualHistogram.Buckets);

            // Aggregations whose values are exact in both stores (Elasticsearch's percentiles and cardinality are estimates).
            AggregationRequest[] aggregations =
            [
                new(all, AggregationMetric.Count, new DateHistogramSplit(TimeSpan.FromHours(1)), new FieldSplit(LogSchema.Level, 3)),
                new(all, AggregationMetric.Max("status"), Split: new FieldSplit("service", 2)),
                new(all, AggregationMetric.Sum("duration_ms"), new DateHistogramSplit(TimeSpan.FromHours(6)), new FieldSplit("status", 2, 100)),
            ];
            foreach (var aggregation in aggregations)
            {
                Assert.Equal(Describe(await embedded.AggregateAsync(aggregation)), Describe(await elastic.AggregateAsync(aggregation)));
            }

            // Paging: one hit a page from the same cursor chain gives every hit once, in the same order.
            var pages = new List<string>();
            string? next = null;
            do
            {
                var page = await elastic.SearchAsync(new SearchRequest(new LogQuery(pattern, null, null, null), Size: 1, SearchAfter: next));
                pages.AddRange(page.Hits.Select(h => h.Id));
                next = page.Next;
            }
            while (next is not null);
            Assert.Equal((await embedded.SearchAsync(new SearchRequest(new LogQuery(pattern, null, null, null), Size: 100))).Hits.Select(h => h.Id), pages);
        }
        finally
        {
            foreach (var index in await elastic.ListIndicesAsync(_family + "-*"))
            {
                await elastic.DeleteIndexAsync(index.Name);
            }
        }
    }

    /// <summary>An aggregation result as text, so a difference shows where it is.</summary>
    private static string Describe(AggregationResult result)
    {
        static string Split(SplitResult? split) => split is null
            ? "-"
            : string.Join(' ', split.Values.Select(v => $"{v.Key}={v.Count}/{v.Metric.Value}")) + $" other={split.OtherCount} missing={split.MissingCount}";

        var lines = new List<string> { $"total={result.Total} metric={result.Metric.Value} interval={result.Interval} split: {Split(result.Split)}" };
        lines.AddRange(result.Buckets.Select(b => $"{b.Start:O} {b.Count} {b.Metric.Value} split: {Split(b.Split)}"));
        return string.Join('\n', lines);
    }

    private static ElasticsearchClientOptions ClientOptions()
    {
        var options = new ElasticsearchClientOptions
        {
            Urls = Environment.GetEnvironmentVariable(ElasticsearchFactAttribute.UrlVariable)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToList(),
            Username = Environment.GetEnvironmentVariable("ELASTICSEARCH_USERNAME"),
            Password = Environment.GetEnvironmentVariable("ELASTICSEARCH_PASSWORD"),
            ApiKey = Environment.GetEnvironmentVariable("ELASTICSEARCH_API_KEY"),
            CertificateAuthorityPath = Environment.GetEnvironmentVariable("ELASTICSEARCH_CA"),
        };
        return options;
    }
}
