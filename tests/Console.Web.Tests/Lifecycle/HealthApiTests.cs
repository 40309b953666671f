using System.Net;
using System.Text.Json;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Lifecycle;

public sealed class HealthApiTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task A_fresh_console_is_green_with_every_part_reported()
    {
        using var client = factory.CreateClient();
        (await client.PostAsync(new Uri("/api/ingest?index=health&refresh=wait_for", UriKind.Relative),
            new StringContent("""{"@timestamp":"2026-11-23T10:00:00Z","message":"x"}""", System.Text.Encoding.UTF8, "application/x-ndjson"))).EnsureSuccessStatusCode();

        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("green", body.GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("reasons").EnumerateArray());
        Assert.Equal("embedded", body.GetProperty("store").GetProperty("kind").GetString());
        Assert.Equal("green", body.GetProperty("store").GetProperty("status").GetString());
        Assert.Equal(body.GetProperty("queue").GetProperty("pending").GetInt64(), body.GetProperty("ingest").GetProperty("lag_events").GetInt64());
        Assert.True(body.GetProperty("queue").GetProperty("capacity").GetInt64() > 0);
        Assert.Contains(body.GetProperty("disk").GetProperty("indices").EnumerateArray(), i => i.GetProperty("name").GetString() == "health-2026.11.23");
        Assert.True(body.GetProperty("disk").GetProperty("total_bytes").GetInt64() > 0);
        var receivers = body.GetProperty("receivers").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal("listening", receivers["tcp-json"].GetProperty("state").GetString());
        Assert.Equal("listening", receivers["syslog-udp"].GetProperty("state").GetString());
        Assert.Equal(1, receivers["http-ndjson"].GetProperty("received").GetInt64());
        Assert.Contains(body.GetProperty("ingest").GetProperty("inputs").EnumerateArray(), i => i.GetProperty("name").GetString() == "http-ndjson");
        Assert.Equal(JsonValueKind.Object, body.GetProperty("lifecycle").ValueKind);
        Assert.Equal("ok", JsonDocument.Parse(await client.GetStringAsync(new Uri("/healthz", UriKind.Relative))).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_index_without_a_commit_makes_the_store_red_and_the_answer_503_for_load_balancers()
    {
        var dataPath = Directory.CreateTempSubdirectory("console-health-").FullName;
        Directory.CreateDirectory(Path.Combine(dataPath, "indices", "broken-2026.11.24"));
        try
        {
            using var broken = new ConsoleFactory();
            broken.Settings["Storage:DataPath"] = dataPath;
            using var client = broken.CreateClient();

            using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("red", body.GetProperty("status").GetString());
            Assert.Contains(body.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("store: index broken-2026.11.24:", StringComparison.Ordinal)
                                                                              && r.GetString()!.EndsWith("holds no Lucene commit", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
