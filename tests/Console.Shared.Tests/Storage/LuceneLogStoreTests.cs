using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Storage;

public class LuceneLogStoreTests : IDisposable
{
    private readonly StoreBuilder _builder = new();

    private static LogQuery All(string? q, string pattern = "thebot-logs-*") => new(pattern, q, null, null);

    public void Dispose() => _builder.Dispose();

    [Fact]
    public async Task Committed_events_survive_a_restart_with_their_field_types()
    {
        var store = _builder.Open();
        await _builder.IndexAsync(store, ["""{"@timestamp":"2026-11-23T10:00:00Z","message":"kept","bytes":10}"""]);
        store.Dispose();

        using var reopened = _builder.Open();
        Assert.Equal(1, await reopened.CountAsync(All("message:kept")));
        Assert.Equal(1, await reopened.CountAsync(All("bytes:[5 TO 15]")));
        Assert.Contains(await reopened.GetFieldsAsync("thebot-logs-*"), f => f is { Name: "bytes", Type: FieldType.Long });
    }

    [Fact]
    public async Task Events_go_to_the_daily_index_of_their_time_and_reads_skip_other_days()
    {
        var store = _builder.Open();
        await _builder.IndexAsync(store, [
            """{"@timestamp":"2026-11-22T23:59:59.999Z","message":"a"}""",
            """{"@timestamp":"2026-11-23T00:00:00Z","message":"b"}""",
            """{"@timestamp":"2026-11-23T12:00:00Z","message":"c"}""",
        ]);

        var indices = await store.ListIndicesAsync();
        Assert.Equal(["thebot-logs-2026.11.22", "thebot-logs-2026.11.23"], indices.Select(i => i.Name));
        Assert.Equal([1L, 2L], indices.Select(i => i.DocCount));

        var day = new LogQuery("thebot-logs-*", null, new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await store.CountAsync(day));
        Assert.Equal(0, await store.CountAsync(All(null, "thebot-errors-*")));
    }

    [Fact]
    public async Task A_value_that_conflicts_with_its_field_type_is_kept_and_flagged()
    {
        var store = _builder.Open();
        await _builder.IndexAsync(store, [
            """{"@timestamp":"2026-11-23T10:00:00Z","message":"first","duration_ms":12.5,"count":3}""",
            """{"@timestamp":"2026-11-23T10:00:01Z","message":"second","duration_ms":"slow","count":"three"}""",
        ]);

        var page = await store.SearchAsync(new SearchRequest(All("message:second")));
        var hit = Assert.Single(page.Hits);
        Assert.Equal("slow", (string?)hit.Source["duration_ms"]);
        Assert.Equal("three", (string?)hit.Source["count"]);
        Assert.Equal(["duration_ms", "count"], hit.Ignored);
        Assert.Equal(1, await store.CountAsync(All("_ignored:duration_ms")));
        Assert.Equal(1, await store.CountAsync(All("duration_ms:[10 TO 20]")));
    }

    [Theory]
    [InlineData("_exists_:service", 2)] // keyword (doc values)
    [InlineData("service:*", 2)]
    [InlineData("_exists_:bytes", 2)] // long
    [InlineData("_exists_:ratio", 1)] // double
    [InlineData("_exists_:cached", 1)] // boolean
    [InlineData("_exists_:when", 1)] // date
    [InlineData("_exists_:exc_info", 1)] // full text (a _field_names term)
    [InlineData("_exists_:message", 3)]
    [InlineData("NOT _exists_:bytes", 2)]
    [InlineData("_exists_:bytes AND NOT _exists_:ratio", 1)]
    [InlineData("_exists_:nothing_like_it", 0)]
    public async Task Exists_finds_the_events_that_have_the_field_whatever_its_type(string query, long expected)
    {
        var store = _builder.Open();
        await _builder.IndexAsync(store, [
            """{"@timestamp":"2026-11-23T10:00:00Z","message":"a","service":"web","bytes":10,"ratio":0.5,"cached":true,"when":"2026-11-23T09:00:00Z"}""",
            """{"@timestamp":"2026-11-23T10:00:01Z","message":"b","service":"worker","bytes":20,"exc_info":"Traceback (most recent call last)"}""",
            """{"@timestamp":"2026-11-23T10:00:02Z","message":"c"}""",
        ]);
        await _builder.IndexAsync(store, ["""{"@timestamp":"2026-11-23T10:00:03Z","other":"in a second segment"}"""]);

        Assert.Equal(expected, await store.CountAsync(All(query)));
    }

    [Fact]
    public async Task Numbers_in_strings_are_coerced_like_elasticsearch()
    {
        var store = _builder.Open();
        await _builder.IndexAsync(store, [
            """{"@timestamp":"2026-11-23T10:00:00Z","status":"404","response_time":"120.5"}""",
        ]);

        Assert.Equal(1, await store.CountAsync(All("status:404 AND response_time:[120 TO 121]")));
    }

    [Fact]
    public async Task Nested_objects_are_flattened_to_dotted_names_and_arrays_are_multi_valued()
    {
        var store = _builder.Open();
        await _builder.IndexAsync(store, [
            """{"@timestamp":"2026-11-23T10:00:00Z","http":{"status_code":503,"method":"POST"},"tags":["Payments","slow"]}""",
        ]);

        Assert.Equal(1, await store.CountAsync(All("http.status_code:[500 TO 599] AND http.method:post")));
        Assert.Equal(1, await store.CountAsync(All("tags:payments AND tags:SLOW")));
    }

    [Fact]
    public async Task Numbers_a_parser_created_in_code_are_indexed_as_numbers()
    {
        // Values built from CLR numbers (not parsed from JSON text) are how grok parsers hand over typed captures.
        var store = _builder.Open();
        var source = new JsonObject
        {
            ["@timestamp"] = "2026-11-23T10:00:00Z",
            ["http"] = new JsonObject { ["status_code"] = 404, ["response"] = new JsonObject { ["bytes"] = 1648L } },
            ["duration_ms"] = 12.5f,
            ["ratio"] = 0.25m,
            ["count"] = (short)3,
        };
        await store.IndexAsync([new LogEventNormalizer(_builder.Clock).Normalize(source, "thebot-logs")]);
        await store.FlushAsync();
        await store.RefreshAsync();

        Assert.Equal(1, await store.CountAsync(All("http.status_code:404 AND http.response.bytes:[1000 TO 2000] AND duration_ms:[12 TO 13] AND ratio:[0.2 TO 0.3] AND count:3")));
        var hit = Assert.Single((await store.SearchAsync(new SearchRequest(All(null)))).Hits);
        Assert.Empty(hit.Ignored);
        var fields = (await store.GetFieldsAsync("thebot-logs-*")).ToDictionary(f => f.Name, f => f.Type);
        Assert.Equal(FieldType.Long, fields["count"]);
        Assert.Equal(FieldType.Double, fields["ratio"]);
    }

    [Fact]
    public async Task The_same_id_indexed_twice_is_stored_once()
    {
        var store = _builder.Open();
        var json = """{"@timestamp":"2026-11-23T10:00:00Z","message":"replayed"}""";
        var first = new LogEventNormalizer(_builder.Clock).Normalize((JsonObject)JsonNode.Parse(json)!, "thebot-logs", id: "fixed-id");
        var again = new LogEventNormalizer(_builder.Clock).Normalize((JsonObject)JsonNode.Parse(json)!, "thebot-logs", id: "fixed-id");
        await store.IndexAsync([first]);
        await store.IndexAsync([again]);
        await store.RefreshAsync();

        Assert.Equal(1, await store.CountAsync(All("message:replayed")));
    }

    [Fact]
    public async Task Deleting_an_index_removes_its_events_and_folder()
    {
        var store = _builder.Open();
        await _builder.IndexAsync(store, ["""{"@timestamp":"2026-11-23T10:00:00Z","message":"gone"}"""]);

        Assert.True(await store.DeleteIndexAsync("thebot-logs-2026.11.23"));
        Assert.False(await store.DeleteIndexAsync("thebot-logs-2026.11.23"));
        Assert.Equal(0, await store.CountAsync(All(null)));
        Assert.Empty(await store.ListIndicesAsync());
        Assert.False(Directory.Exists(Path.Combine(_builder.Directory.Path, "indices", "thebot-logs-2026.11.23")));
    }

    [Fact]
    public async Task A_flush_commits_every_index_written_to_so_their_last_commits_on_disk_hold_every_event()
    {
        // Four daily indices written since the last commit (they commit side by side) and one that was not.
        var store = _builder.Open();
        await _builder.IndexAsync(store, ["""{"@timestamp":"2026-11-19T10:00:00Z","message":"older"}"""]);
        var days = new[] { 20, 21, 22, 23 };
        await store.IndexAsync(days.SelectMany(day => Enumerable.Range(0, day * 10).Select(i =>
            _builder.Event($$"""{"@timestamp":"2026-11-{{day}}T{{i % 24:00}}:00:00Z","message":"event {{i}}"}"""))).ToList());

        await store.FlushAsync();

        // What a crash now would leave: each index's last commit, read from disk without the store's writer.
        foreach (var day in days.Prepend(19))
        {
            using var directory = Lucene.Net.Store.FSDirectory.Open(Path.Combine(_builder.Directory.Path, "indices", $"thebot-logs-2026.11.{day}"));
            using var reader = Lucene.Net.Index.DirectoryReader.Open(directory);
            Assert.Equal(day == 19 ? 1 : day * 10, reader.NumDocs);
        }
    }

    [Fact]
    public async Task Time_ranges_are_exact_whether_they_cover_cut_or_miss_a_segment()
    {
        // One event a minute from 10:00 to 12:59, one segment per hour (a commit after each).
        var store = _builder.Open();
        var start = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        for (var hour = 0; hour < 3; hour++)
        {
            await _builder.IndexAsync(store, Enumerable.Range(hour * 60, 60).Select(minute =>
                $$"""{"@timestamp":"{{start.AddMinutes(minute):O}}","message":"{{(minute % 2 == 0 ? "even" : "odd")}}"}"""));
            await store.FlushAsync();
        }

        await store.RefreshAsync();
        var random = new Random(20261123);
        for (var i = 0; i < 40; i++)
        {
            var from = start.AddSeconds(random.Next(-600, 200 * 60));
            var to = from.AddSeconds(random.Next(0, 120 * 60));
            var minutes = Enumerable.Range(0, 180).Where(m => start.AddMinutes(m) >= from && start.AddMinutes(m) <= to).ToList();
            var range = new LogQuery("thebot-logs-*", null, from, to);
            Assert.Equal(minutes.Count, await store.CountAsync(range));
            Assert.Equal(minutes.Count(m => m % 2 == 1), await store.CountAsync(range with { Query = "message:odd" }));
            // An empty query's histogram counts doc values directly; a query's goes through the searcher: the same buckets.
            var direct = await store.HistogramAsync(new HistogramRequest(range, TimeSpan.FromMinutes(5)));
            var searched = await store.HistogramAsync(new HistogramRequest(range with { Query = "message:even OR message:odd" }, TimeSpan.FromMinutes(5)));
            Assert.Equal(minutes.Count, direct.Total);
            Assert.Equal(direct.Buckets, searched.Buckets);
            Assert.All(direct.Buckets, bucket => Assert.Equal(
                minutes.Count(m => start.AddMinutes(m) >= bucket.Start && start.AddMinutes(m) < bucket.Start.AddMinutes(5)), bucket.Count));
            var page = await store.SearchAsync(new SearchRequest(range) { Size = 500 });
            Assert.Equal(minutes.Select(m => start.AddMinutes(m)).Reverse(), page.Hits.Select(h => h.Timestamp));
        }
    }

    [Fact]
    public async Task Events_in_an_index_being_searched_are_searchable_after_a_refresh_and_not_before()
    {
        var store = _builder.Open();
        await store.IndexAsync([_builder.Event("""{"@timestamp":"2026-11-23T10:00:00Z","message":"fresh"}""")]);
        // Its first search refreshes an index that was search-idle (never searched; see LuceneLogStoreSearchIdleTests).
        Assert.Equal(1, await store.CountAsync(All("message:fresh")));

        await store.IndexAsync([_builder.Event("""{"@timestamp":"2026-11-23T10:00:01Z","message":"fresh"}""")]);
        Assert.Equal(1, await store.CountAsync(All("message:fresh")));
        await store.RefreshAsync();
        Assert.Equal(2, await store.CountAsync(All("message:fresh")));
    }

    [Fact]
    public async Task A_keyword_longer_than_the_limit_is_kept_and_flagged()
    {
        var store = _builder.Open();
        var longValue = new string('x', LogSchema.MaxKeywordLength + 1);
        await _builder.IndexAsync(store, [$$"""{"@timestamp":"2026-11-23T10:00:00Z","request_id":"{{longValue}}","message":"{{new string('y', 40_000)}}"}"""]);

        var hit = Assert.Single((await store.SearchAsync(new SearchRequest(All(null)))).Hits);
        Assert.Equal(longValue, (string?)hit.Source["request_id"]);
        Assert.Equal(["request_id"], hit.Ignored);
    }

    [Fact]
    public async Task Search_after_that_is_not_a_cursor_is_refused()
    {
        var store = _builder.Open();
        await Assert.ThrowsAsync<StoreRequestException>(() => store.SearchAsync(new SearchRequest(All(null), SearchAfter: "not-a-cursor")));
    }

    [Fact]
    public async Task Ascending_sort_returns_oldest_first()
    {
        var store = _builder.Open();
        await _builder.IndexAsync(store, [
            """{"@timestamp":"2026-11-23T10:00:02Z","message":"late"}""",
            """{"@timestamp":"2026-11-23T10:00:01Z","message":"early"}""",
        ]);

        var page = await store.SearchAsync(new SearchRequest(All(null), Sort: SortOrder.Ascending));
        Assert.Equal(["early", "late"], page.Hits.Select(h => (string?)h.Source["message"]));
    }

    [Fact]
    public async Task A_hits_cursor_continues_both_ways_from_it_without_dropping_or_repeating_events_of_its_millisecond()
    {
        var store = _builder.Open();
        var lines = new List<string> { """{"@timestamp":"2026-11-23T09:59:59Z","message":"before"}""" };
        lines.AddRange(Enumerable.Range(0, 7).Select(i => $$"""{"@timestamp":"2026-11-23T10:00:00.123Z","message":"tie{{i}}"}"""));
        lines.Add("""{"@timestamp":"2026-11-23T10:00:01Z","message":"after"}""");
        await _builder.IndexAsync(store, lines);
        var all = (await store.SearchAsync(new SearchRequest(All(null), 100, SortOrder.Ascending))).Hits;
        Assert.Equal(9, all.Count);

        for (var at = 0; at < all.Count; at++)
        {
            var anchor = all[at];
            Assert.NotNull(anchor.Cursor);
            var older = (await store.SearchAsync(new SearchRequest(All(null), 100, SortOrder.Descending, anchor.Cursor))).Hits;
            var newer = (await store.SearchAsync(new SearchRequest(All(null), 100, SortOrder.Ascending, anchor.Cursor))).Hits;

            // Older ones come nearest first, newer ones nearest first; with the anchor they are every event once, in order.
            Assert.Equal(all.Take(at).Reverse().Select(h => h.Id), older.Select(h => h.Id));
            Assert.Equal(all.Skip(at + 1).Select(h => h.Id), newer.Select(h => h.Id));
        }

        // The cursor is the same whichever way the hit was sorted.
        var newestFirst = (await store.SearchAsync(new SearchRequest(All(null), 100))).Hits;
        Assert.Equal(all.Select(h => h.Cursor).Reverse(), newestFirst.Select(h => h.Cursor));
    }

    [Fact]
    public async Task An_id_query_matches_the_id_exactly_as_it_was_given()
    {
        var store = _builder.Open();
        var time = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        await store.IndexAsync([
            new LogEvent("Req-ABC-1", "thebot-logs-2026.11.23", time, new JsonObject { ["@timestamp"] = "2026-11-23T10:00:00Z", ["message"] = "one" }) { MayExist = true },
            new LogEvent("req-abc-1", "thebot-logs-2026.11.23", time, new JsonObject { ["@timestamp"] = "2026-11-23T10:00:00Z", ["message"] = "two" }) { MayExist = true },
        ]);
        await store.RefreshAsync();

        var hit = Assert.Single((await store.SearchAsync(new SearchRequest(All("_id:\"Req-ABC-1\"")))).Hits);
        Assert.Equal("one", (string?)hit.Source["message"]);
        Assert.Equal("two", (string?)Assert.Single((await store.SearchAsync(new SearchRequest(All("_id:req-abc-1")))).Hits).Source["message"]);
        Assert.Empty((await store.SearchAsync(new SearchRequest(All("_id:REQ-ABC-1")))).Hits);
    }

    [Fact]
    public async Task Pages_are_the_same_however_the_matches_lie_in_time()
    {
        // 8,000 events over one day in four segments: every event, the oldest 1,500 only, a burst of 1,200 in ten minutes
        // of the middle, every seventh. A page is first looked for in a stretch sized for evenly spread matches and grown
        // from there; every order and page size must page through exactly what sorting all the matches gives.
        var store = _builder.Open();
        var start = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        var times = new List<DateTimeOffset>();
        var tags = new List<string>();
        for (var i = 0; i < 8_000; i++)
        {
            var burst = i is >= 4_000 and < 5_200;
            times.Add(burst ? start.AddHours(12).AddMilliseconds((i - 4_000) * 500) : start.AddMilliseconds(i * 10_800L));
            tags.Add(string.Join(' ', new[] { "every", i < 1_500 ? "oldest" : null, burst ? "burst" : null, i % 7 == 0 ? "seventh" : null }.Where(t => t is not null)));
        }

        for (var segment = 0; segment < 4; segment++)
        {
            await _builder.IndexAsync(store, Enumerable.Range(segment * 2_000, 2_000).Select(i =>
                $$"""{"@timestamp":"{{times[i]:O}}","message":"{{tags[i]}}"}"""));
            await store.FlushAsync();
        }

        await store.RefreshAsync();
        var day = new LogQuery("thebot-logs-*", null, start, start.AddDays(1).AddMilliseconds(-1));
        foreach (var word in new[] { "every", "oldest", "burst", "seventh", "oldest OR burst" })
        {
            var matching = Enumerable.Range(0, 8_000).Where(i => word.Split(" OR ").Any(w => tags[i].Split(' ').Contains(w))).ToList();
            foreach (var order in new[] { SortOrder.Descending, SortOrder.Ascending })
            {
                // Ties in time (the burst shares none) would be ordered by ingest sequence, as the events' order here.
                var expected = (order == SortOrder.Descending ? matching.OrderByDescending(i => times[i]) : matching.OrderBy(i => times[i])).Select(i => times[i]).ToList();
                foreach (var size in new[] { 1, 50, 700 })
                {
                    var seen = new List<DateTimeOffset>();
                    string? cursor = null;
                    var pages = 0;
                    do
                    {
                        var page = await store.SearchAsync(new SearchRequest(day with { Query = "message:(" + word + ")" }, size, order, cursor));
                        Assert.Equal(matching.Count, page.Total);
                        seen.AddRange(page.Hits.Select(h => h.Timestamp));
                        cursor = page.Next;
                        pages++;
                    }
                    while (cursor is not null && (size > 1 || pages < 30));

                    Assert.Equal(size > 1 ? expected : expected.Take(30), seen);
                }
            }
        }
    }
}
