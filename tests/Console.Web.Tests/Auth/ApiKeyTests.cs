using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Console.Web.Auth;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Auth;

public sealed class ApiKeyTests(AuthConsole console) : IClassFixture<AuthConsole>
{
    [Fact]
    public async Task AnIngestKeySendsEventsButCannotRead()
    {
        var (client, _) = await console.KeyClientAsync(ApiKeyScopes.Ingest);
        using (client)
        {
            Assert.Equal(HttpStatusCode.OK, (await IngestAsync(client)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri("/api/search?q=*", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri("/api/export?q=*", UriKind.Relative))).StatusCode);
        }
    }

    [Fact]
    public async Task AReadKeySearchesButCannotSendEvents()
    {
        var (client, _) = await console.KeyClientAsync(ApiKeyScopes.Read);
        using (client)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/search?q=*", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await IngestAsync(client)).StatusCode);
        }
    }

    [Fact]
    public async Task AKeyIsNoUser_ItOpensNoPageAndNoAdministration()
    {
        var (client, _) = await console.KeyClientAsync(ApiKeyScopes.Read | ApiKeyScopes.Ingest);
        using (client)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri("/api/saved-searches", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri("/api/api-keys", UriKind.Relative))).StatusCode);
            using var page = new HttpRequestMessage(HttpMethod.Get, "/discover");
            page.Headers.Accept.ParseAdd("text/html");
            var response = await client.SendAsync(page);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task ARevokedKeyIsRefusedAtOnce()
    {
        var (client, created) = await console.KeyClientAsync(ApiKeyScopes.Ingest);
        using (client)
        {
            Assert.Equal(HttpStatusCode.OK, (await IngestAsync(client)).StatusCode);
            Assert.True(await console.Keys.RevokeAsync(created.Summary.Id, "tests"));
            Assert.Equal(HttpStatusCode.Unauthorized, (await IngestAsync(client)).StatusCode);
        }
    }

    [Fact]
    public async Task UnknownOrMalformedKeysAreRefused()
    {
        var (_, created) = await console.KeyClientAsync(ApiKeyScopes.Ingest);
        using var client = console.AnonymousClient();
        foreach (var presented in new[] { "nonsense", created.Key[..^1] + (created.Key[^1] == 'A' ? 'B' : 'A'), created.Summary.Prefix, "" })
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", presented);
            Assert.Equal(HttpStatusCode.Unauthorized, (await IngestAsync(client)).StatusCode);
        }
    }

    [Fact]
    public async Task TheSeqHeaderAndTheElasticsearchClientsFormAreAccepted()
    {
        var (_, created) = await console.KeyClientAsync(ApiKeyScopes.Ingest);
        using var seq = console.AnonymousClient();
        seq.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.SeqHeader, created.Key);
        Assert.Equal(HttpStatusCode.OK, (await IngestAsync(seq)).StatusCode);

        // Filebeat's api_key: "id:key" is sent as base64("id:key").
        using var beats = console.AnonymousClient();
        beats.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", Convert.ToBase64String(Encoding.UTF8.GetBytes("filebeat:" + created.Key)));
        using var bulk = new StringContent("{\"index\":{\"_index\":\"keys\"}}\n{\"message\":\"from beats\"}\n", Encoding.UTF8, "application/x-ndjson");
        Assert.Equal(HttpStatusCode.OK, (await beats.PostAsync(new Uri("/_bulk", UriKind.Relative), bulk)).StatusCode);
    }

    [Fact]
    public async Task TheValidatorServiceChecksScopes()
    {
        var validator = console.Services.GetRequiredService<IApiKeyValidator>();
        var (_, created) = await console.KeyClientAsync(ApiKeyScopes.Ingest);
        Assert.NotNull(await validator.ValidateAsync(created.Key, ApiKeyScopes.Ingest));
        Assert.Null(await validator.ValidateAsync(created.Key, ApiKeyScopes.Read));
        Assert.Null(await validator.ValidateAsync("lck_" + new string('a', 8) + "_" + new string('b', 43), ApiKeyScopes.Ingest));
        Assert.Null(await validator.ValidateAsync(null, ApiKeyScopes.Ingest));
    }

    [Fact]
    public async Task KeysAreStoredHashedAndListedWithoutTheSecret()
    {
        using var admin = await console.AdminAsync();
        using var create = new StringContent("{\"name\":\"shipper\",\"scopes\":[\"ingest\",\"read\"]}", Encoding.UTF8, "application/json");
        var response = await admin.PostAsync(new Uri("/api/api-keys", UriKind.Relative), create);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var key = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("api_key").GetString()!;
        Assert.StartsWith("lck_", key, StringComparison.Ordinal);

        var list = await admin.GetStringAsync(new Uri("/api/api-keys", UriKind.Relative));
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        // The secret is everything after the prefix: its random base64url text may itself hold '_' (even first).
        Assert.DoesNotContain(key.Split('_', 3)[2], list, StringComparison.Ordinal);
        Assert.Contains("\"Ingest, Read\"", list, StringComparison.Ordinal);

        var db = await File.ReadAllBytesAsync(Path.Combine(console.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Console.Shared.Storage.StorageOptions>>().Value.DataPath, "console.db"));
        Assert.DoesNotContain(key, Encoding.UTF8.GetString(db), StringComparison.Ordinal);

        using var bad = new StringContent("{\"name\":\"x\",\"scopes\":[\"admin\"]}", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync(new Uri("/api/api-keys", UriKind.Relative), bad)).StatusCode);
    }

    private static async Task<HttpResponseMessage> IngestAsync(HttpClient client)
    {
        using var content = new StringContent("{\"message\":\"key test\",\"level\":\"info\"}\n", Encoding.UTF8, "application/x-ndjson");
        return await client.PostAsync(new Uri("/api/ingest?index=keys", UriKind.Relative), content);
    }
}
