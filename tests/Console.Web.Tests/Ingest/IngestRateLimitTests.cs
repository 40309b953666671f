using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Console.Web.Apis;
using Console.Web.Auth;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Ingest;

/// <summary>
/// Each API key has its own token bucket over every HTTP ingest route; beyond it the answer is 429 with Retry-After and
/// nothing is read, counted under the route's input. The bucket refills once in ten minutes here, so no test depends on
/// how fast the machine is.
/// </summary>
public sealed class IngestRateLimitTests(IngestRateLimitTests.LimitedConsole console) : IClassFixture<IngestRateLimitTests.LimitedConsole>
{
    /// <summary>Sign-in on, and a bucket of 2 requests per key refilled by 1 every ten minutes.</summary>
    public sealed class LimitedConsole : IDisposable
    {
        public LimitedConsole()
        {
            Factory.Settings["Ingest:RateLimit:Burst"] = "2";
            Factory.Settings["Ingest:RateLimit:Requests"] = "1";
            Factory.Settings["Ingest:RateLimit:Period"] = "00:10:00";
        }

        public AuthConsole Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    private static StringContent Ndjson(string message) => new($"{{\"message\":\"{message}\"}}\n", Encoding.UTF8, "application/x-ndjson");

    private static Task<HttpResponseMessage> IngestAsync(HttpClient client, string message) =>
        client.PostAsync(new Uri("/api/ingest?index=ratelimit", UriKind.Relative), Ndjson(message));

    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_retry_after_on_every_ingest_route_while_another_key_goes_on()
    {
        var (noisy, noisyKey) = await console.Factory.KeyClientAsync(ApiKeyScopes.Ingest | ApiKeyScopes.Read);
        var (quiet, _) = await console.Factory.KeyClientAsync(ApiKeyScopes.Ingest);
        using (noisy)
        using (quiet)
        {
            Assert.Equal(HttpStatusCode.OK, (await IngestAsync(noisy, "first")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await IngestAsync(noisy, "second")).StatusCode);

            var refused = await IngestAsync(noisy, "third");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var retryAfter = refused.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
            var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
            Assert.StartsWith("too many requests: over the rate limit of 1 requests per 00:10:00 (burst 2)", error, StringComparison.Ordinal);

            // One bucket for all ingest routes of the key: Elasticsearch _bulk, OTLP and Seq are refused too.
            using var bulk = new StringContent("{\"index\":{\"_index\":\"ratelimit\"}}\n{\"message\":\"bulk\"}\n", Encoding.UTF8, "application/x-ndjson");
            Assert.Equal(HttpStatusCode.TooManyRequests, (await noisy.PostAsync(new Uri("/_bulk", UriKind.Relative), bulk)).StatusCode);
            using var otlp = new StringContent("{}", Encoding.UTF8, "application/json");
            Assert.Equal(HttpStatusCode.TooManyRequests, (await noisy.PostAsync(new Uri("/v1/logs", UriKind.Relative), otlp)).StatusCode);
            using var clef = new StringContent("{\"@t\":\"2026-11-23T10:00:00Z\",\"@m\":\"clef\"}\n", Encoding.UTF8, "application/vnd.serilog.clef");
            Assert.Equal(HttpStatusCode.TooManyRequests, (await noisy.PostAsync(new Uri("/ingest/clef", UriKind.Relative), clef)).StatusCode);

            // Other routes are not ingest: the key still reads.
            Assert.Equal(HttpStatusCode.OK, (await noisy.GetAsync(new Uri("/api/ingest/stats", UriKind.Relative))).StatusCode);

            Assert.Equal(HttpStatusCode.OK, (await IngestAsync(quiet, "another key")).StatusCode);

            var stats = await noisy.GetFromJsonAsync<JsonElement>("/api/ingest/stats");
            var ndjson = stats.GetProperty("inputs").GetProperty(IngestApi.Input);
            Assert.True(ndjson.GetProperty("rate_limited").GetInt64() >= 1, ndjson.ToString());
            var reason = ndjson.GetProperty("recent_rejections").EnumerateArray().Select(r => r.GetProperty("reason").GetString()!)
                .Last(r => r.Contains("rate limit", StringComparison.Ordinal));
            Assert.Contains($"api-key {noisyKey.Summary.Prefix}", reason, StringComparison.Ordinal);
            Assert.DoesNotContain(noisyKey.Key, reason, StringComparison.Ordinal);
            Assert.True(stats.GetProperty("inputs").GetProperty(BulkApi.Input).GetProperty("rate_limited").GetInt64() >= 1);
            Assert.True(stats.GetProperty("inputs").GetProperty(OtlpApi.Input).GetProperty("rate_limited").GetInt64() >= 1);
            Assert.True(stats.GetProperty("inputs").GetProperty(SeqIngestionApi.Input).GetProperty("rate_limited").GetInt64() >= 1);
        }
    }

    [Fact]
    public async Task A_caller_without_a_valid_key_is_refused_as_unauthorized_not_rate_limited()
    {
        using var anonymous = console.Factory.AnonymousClient();
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", "lck_nope_not-a-key");
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await IngestAsync(anonymous, "x")).StatusCode);
        }
    }
}
