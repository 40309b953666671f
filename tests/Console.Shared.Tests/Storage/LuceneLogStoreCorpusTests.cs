using System.Globalization;
using System.Text.Json;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Storage;

/// <summary>The seed's query forms over the real Django JSON log, checked against the manifest and the file itself.</summary>
public class LuceneLogStoreCorpusTests(DjangoCorpusFixture corpus) : IClassFixture<DjangoCorpusFixture>
{
    private static LogQuery All(string? q) => new("thebot-logs-*", q, null, null);

    private Task<long> Count(string? q) => corpus.Store.CountAsync(All(q));

    [Fact]
    public async Task Every_record_is_indexed()
    {
        var truth = Corpus.Truth(DjangoCorpusFixture.File);
        Assert.Equal(truth.GetProperty("records").GetInt64(), await Count(null));
    }

    [Theory]
    [InlineData("INFO")]
    [InlineData("WARNING")]
    [InlineData("DEBUG")]
    [InlineData("ERROR")]
    [InlineData("CRITICAL")]
    public async Task Counts_by_level_match_the_manifest(string level)
    {
        var expected = Corpus.Truth(DjangoCorpusFixture.File).GetProperty("by_level").GetProperty(level).GetInt64();
        Assert.Equal(expected, await Count($"log_level: {level}"));
        Assert.Equal(expected, await Count($"log_level:{level.ToLowerInvariant()}"));
    }

    [Fact]
    public async Task Counts_by_logger_match_the_manifest()
    {
        foreach (var logger in Corpus.Truth(DjangoCorpusFixture.File).GetProperty("by_logger").EnumerateObject())
        {
            Assert.Equal(logger.Value.GetInt64(), await Count($"logger:\"{logger.Name}\""));
        }
    }

    [Fact]
    public async Task Error_or_critical_combination_from_the_seed()
    {
        var expected = corpus.Records.Count(r =>
            r.GetProperty("levelname").GetString() is "ERROR" or "CRITICAL" && r.GetProperty("name").GetString() == "django.request");
        Assert.True(expected > 0);
        Assert.Equal(115, await Count("(log_level: ERROR OR log_level: CRITICAL)"));
        Assert.Equal(expected, await Count("(log_level: ERROR OR log_level: CRITICAL) AND logger: django.request"));
        Assert.Equal(115 - expected, await Count("(log_level: ERROR OR log_level: CRITICAL) AND NOT logger: django.request"));
    }

    [Fact]
    public async Task Counts_by_user_match_the_file()
    {
        var byUser = corpus.Records.GroupBy(r => r.GetProperty("user_id").GetString()!).ToDictionary(g => g.Key, g => (long)g.Count());
        foreach (var user in new[] { "42", "13", "55", "1" })
        {
            Assert.Equal(byUser.GetValueOrDefault(user), await Count($"user_id: {user}"));
        }

        var top = await corpus.Store.TopValuesAsync(new TopValuesRequest(All(null), "user_id", 1000));
        Assert.Equal(byUser.Count, top.Values.Count);
        Assert.Equal(Corpus.Truth(DjangoCorpusFixture.File).GetProperty("distinct_user_ids").GetInt32(), top.Values.Count(v => v.Value != "-"));
        Assert.All(top.Values, v => Assert.Equal(byUser[v.Value], v.Count));
    }

    [Theory]
    [InlineData("duration_ms:[100 TO 500]", 100.0, 500.0, true, true)]
    [InlineData("duration_ms:{100 TO 500}", 100.0, 500.0, false, false)]
    [InlineData("duration_ms:[1000 TO *]", 1000.0, double.MaxValue, true, true)]
    [InlineData("duration_ms:<1", double.MinValue, 1.0, true, false)]
    public async Task Duration_ranges_match_the_file(string q, double low, double high, bool includeLow, bool includeHigh)
    {
        var expected = corpus.Records.Count(r => r.TryGetProperty("duration_ms", out var d) &&
            (includeLow ? d.GetDouble() >= low : d.GetDouble() > low) &&
            (includeHigh ? d.GetDouble() <= high : d.GetDouble() < high));
        Assert.True(expected > 0, "the oracle should find some records");
        Assert.Equal(expected, await Count(q));
    }

    [Fact]
    public async Task Records_with_duration_match_the_manifest() =>
        Assert.Equal(Corpus.Truth(DjangoCorpusFixture.File).GetProperty("records_with_duration_ms").GetInt64(), await Count("_exists_:duration_ms"));

    [Fact]
    public async Task Tracebacks_are_found_by_exists_and_by_words()
    {
        Assert.Equal(Corpus.Truth(DjangoCorpusFixture.File).GetProperty("records_with_exc_info").GetInt64(), await Count("_exists_:exc_info"));
        var zeroDivision = corpus.Records.Count(r => r.TryGetProperty("exc_info", out var e) && e.GetString()!.Contains("ZeroDivisionError", StringComparison.Ordinal));
        Assert.Equal(zeroDivision, await Count("exc_info:ZeroDivisionError"));
    }

    [Theory]
    [InlineData("message:/^Internal Server Error: .*/", "^Internal Server Error: ")]
    [InlineData("message:/^GET \\/api\\/lessons\\/ 200$/", "^GET /api/lessons/ 200$")]
    [InlineData("message:/.* 50[0-9]$/", " 50\\d$")]
    [InlineData("message:/Login failed.*/", "Login failed")]
    public async Task Regex_on_message_matches_the_raw_message(string q, string oracle)
    {
        var regex = new System.Text.RegularExpressions.Regex(oracle);
        var expected = corpus.Records.Count(r => regex.IsMatch(r.GetProperty("message").GetString()!));
        Assert.True(expected > 0, "the oracle should find some records");
        Assert.Equal(expected, await Count(q));
    }

    [Fact]
    public async Task Message_words_and_phrases_match_the_file()
    {
        var expected = corpus.Records.Count(r => r.GetProperty("message").GetString()!.Contains("Internal Server Error", StringComparison.Ordinal));
        Assert.Equal(expected, await Count("message: \"Internal Server Error\""));
        Assert.Equal(expected, await Count("\"internal server error\""));
    }

    [Fact]
    public async Task Request_id_finds_the_whole_request()
    {
        var id = corpus.Records.Select(r => r.GetProperty("request_id").GetString()!).First(r => r != "-");
        var expected = corpus.Records.Count(r => r.GetProperty("request_id").GetString() == id);
        Assert.Equal(expected, await Count($"request_id: \"{id}\""));
    }

    [Fact]
    public async Task Numeric_status_fields_have_real_ranges()
    {
        var expected = corpus.Records.Count(r => r.TryGetProperty("status", out var s) && s.GetInt32() >= 500);
        Assert.Equal(expected, await Count("status:[500 TO 599]"));
        Assert.Equal(expected, await Count("status:>=500"));
    }

    [Theory]
    [InlineData("@timestamp:[\"2026-11-23T23:14:00Z\" TO \"2026-11-23T23:15:00Z\"]", "2026-11-23T23:14:00Z", "2026-11-23T23:15:00Z")]
    [InlineData("@timestamp:[now-50m TO now]", "2026-11-23T23:10:00Z", "2026-11-24T00:00:00Z")]
    [InlineData("@timestamp:{now-50m TO *}", "2026-11-23T23:10:00.001Z", "2099-01-01T00:00:00Z")]
    public async Task Timestamp_ranges_take_iso_dates_and_date_math(string q, string from, string to)
    {
        // The store's clock stands at 2026-11-24T00:00:00Z (see StoreBuilder).
        var low = DateTimeOffset.Parse(from, CultureInfo.InvariantCulture);
        var high = DateTimeOffset.Parse(to, CultureInfo.InvariantCulture);
        var expected = corpus.Records.Count(r =>
        {
            var t = DateTimeOffset.ParseExact(r.GetProperty("asctime").GetString()!, "yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            return t >= low && t <= high;
        });
        Assert.True(expected > 0);
        Assert.Equal(expected, await Count(q));
    }

    [Fact]
    public async Task Search_pages_newest_first_through_every_hit_without_repeats()
    {
        var seen = new HashSet<string>();
        DateTimeOffset? previous = null;
        string? cursor = null;
        long total = 0;
        do
        {
            var page = await corpus.Store.SearchAsync(new SearchRequest(All("log_level:WARNING"), 100, SortOrder.Descending, cursor));
            total = page.Total;
            foreach (var hit in page.Hits)
            {
                Assert.True(seen.Add(hit.Id), $"hit {hit.Id} was returned twice");
                Assert.True(previous is null || hit.Timestamp <= previous, "hits must be newest first");
                previous = hit.Timestamp;
                Assert.Equal("WARNING", (string?)hit.Source["log_level"]);
            }

            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(1105, total);
        Assert.Equal(1105, seen.Count);
    }

    [Fact]
    public async Task Hits_return_the_whole_event()
    {
        var page = await corpus.Store.SearchAsync(new SearchRequest(All("_exists_:exc_info"), 1));
        var hit = Assert.Single(page.Hits);
        Assert.Equal("thebot-logs-2026.11.23", hit.Index);
        foreach (var field in new[] { "message", "exc_info", "request_id", "user_id", "process", "logger", "log_level", "@timestamp" })
        {
            Assert.True(hit.Source.ContainsKey(field), $"_source lacks {field}");
        }
    }

    [Fact]
    public async Task Histogram_buckets_add_up_to_the_count()
    {
        var range = new LogQuery("thebot-logs-*", "log_level:WARNING", new DateTimeOffset(2026, 11, 23, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));
        var histogram = await corpus.Store.HistogramAsync(new HistogramRequest(range, TimeSpan.FromMinutes(1)));
        Assert.Equal(61, histogram.Buckets.Count);
        Assert.Equal(1105, histogram.Total);
        Assert.Equal(1105, histogram.Buckets.Sum(b => b.Count));
        Assert.Equal(range.From, histogram.Buckets[0].Start);
    }

    [Fact]
    public async Task Top_levels_are_exact_with_the_rest_counted()
    {
        var top = await corpus.Store.TopValuesAsync(new TopValuesRequest(All(null), "log_level", 2));
        Assert.Equal(5782, top.Total);
        Assert.Equal([("INFO", 4312L), ("WARNING", 1105L)], top.Values.Select(v => (v.Value, v.Count)));
        Assert.Equal(250 + 110 + 5, top.OtherCount);
    }

    [Fact]
    public async Task Top_values_over_a_sample_count_only_that_many_events_and_say_so()
    {
        // user_id has far more distinct values than 4 × 50, so the sample counts ordinals sparsely.
        var sampled = await corpus.Store.TopValuesAsync(new TopValuesRequest(All(null), "user_id", 1000, SampleSize: 50));
        Assert.True(sampled.IsSample);
        Assert.Equal(50, sampled.Total);
        Assert.Equal(sampled.WithField, sampled.Values.Sum(v => v.Count) + sampled.OtherCount);
        Assert.InRange(sampled.WithField, 1, 50);

        var full = await corpus.Store.TopValuesAsync(new TopValuesRequest(All(null), "user_id", 1000));
        Assert.False(full.IsSample);
        Assert.All(sampled.Values, v => Assert.Contains(full.Values, f => f.Value == v.Value && f.Count >= v.Count));

        var numbers = await corpus.Store.TopValuesAsync(new TopValuesRequest(All(null), "status", 3, SampleSize: 500));
        Assert.True(numbers.IsSample);
        Assert.Equal(500, numbers.Total);
    }

    [Fact]
    public async Task A_sample_larger_than_the_matches_counts_them_all_exactly()
    {
        var top = await corpus.Store.TopValuesAsync(new TopValuesRequest(All(null), "log_level", 2, SampleSize: 1_000_000));
        Assert.False(top.IsSample);
        Assert.Equal(5782, top.Total);
        Assert.Equal([("INFO", 4312L), ("WARNING", 1105L)], top.Values.Select(v => (v.Value, v.Count)));
    }

    [Fact]
    public async Task A_sample_size_below_one_is_refused()
    {
        await Assert.ThrowsAsync<StoreRequestException>(() => corpus.Store.TopValuesAsync(new TopValuesRequest(All(null), "log_level", 2, SampleSize: 0)));
    }

    [Fact]
    public async Task Top_values_of_a_numeric_field()
    {
        var top = await corpus.Store.TopValuesAsync(new TopValuesRequest(All(null), "status", 3));
        var expected = corpus.Records.Where(r => r.TryGetProperty("status", out _)).GroupBy(r => r.GetProperty("status").GetInt32())
            .OrderByDescending(g => g.Count()).First();
        Assert.Equal(expected.Key.ToString(CultureInfo.InvariantCulture), top.Values[0].Value);
        Assert.Equal(expected.Count(), top.Values[0].Count);
    }

    [Fact]
    public async Task Top_values_of_a_text_field_are_refused() =>
        await Assert.ThrowsAsync<StoreRequestException>(() => corpus.Store.TopValuesAsync(new TopValuesRequest(All(null), "message", 5)));

    [Fact]
    public async Task A_bad_query_throws_with_a_position()
    {
        var error = await Assert.ThrowsAsync<QuerySyntaxException>(() => Count("log_level:(ERROR"));
        Assert.NotNull(error.Position);
    }

    [Fact]
    public async Task Fields_are_typed_on_first_sight()
    {
        var fields = (await corpus.Store.GetFieldsAsync("thebot-logs-*")).ToDictionary(f => f.Name, f => f.Type);
        Assert.Equal(FieldType.Date, fields["@timestamp"]);
        Assert.Equal(FieldType.Text, fields["message"]);
        Assert.Equal(FieldType.Keyword, fields["log_level"]);
        Assert.Equal(FieldType.Double, fields["duration_ms"]);
        Assert.Equal(FieldType.Long, fields["status"]);
        Assert.Equal(FieldType.Keyword, fields["request"]);
        Assert.Equal(FieldType.Text, fields["exc_info"]);
    }
}
