using System.Net;
using System.Text;
using Console.Web.Auth;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Auth;

/// <summary>
/// Role × action over HTTP: each caller (three users by role, an ingest key, a read key) against reads and writes of
/// every area. "Allowed" means the request got past authorization (a 400 for a made-up body still counts); "refused"
/// means 403 (or, for a page, the access-denied page).
/// </summary>
public sealed class RoleMatrixTests(AuthConsole console) : IClassFixture<AuthConsole>
{
    public enum Caller { Viewer, Editor, Admin, IngestKey, ReadKey }

    private static readonly string Ndjson = "{\"message\":\"matrix\",\"level\":\"info\"}\n";
    private static readonly string Clef = "{\"@t\":\"2026-11-24T00:00:00Z\",\"@mt\":\"matrix\"}\n";
    private static readonly string Bulk = "{\"index\":{\"_index\":\"matrix\"}}\n{\"message\":\"matrix\"}\n";

    public static TheoryData<string, string, string, string> Actions() => new()
    {
        // method, path, body, callers allowed (the rest must be refused)
        { "GET", "/api/search?q=*", "", "Viewer Editor Admin ReadKey" },
        { "GET", "/api/histogram?q=*", "", "Viewer Editor Admin ReadKey" },
        { "GET", "/api/fields", "", "Viewer Editor Admin ReadKey" },
        { "GET", "/api/aggregate?field=log_level", "", "Viewer Editor Admin ReadKey" },
        { "GET", "/api/export?q=*", "", "Viewer Editor Admin ReadKey" },
        { "GET", "/api/ingest/stats", "", "Viewer Editor Admin ReadKey" },
        { "GET", "/api/indices", "", "Viewer Editor Admin ReadKey" },
        { "DELETE", "/api/indices/matrix-none", "", "Admin" },
        { "POST", "/api/ingest?index=matrix", Ndjson, "Editor Admin IngestKey" },
        { "POST", "/_bulk", Bulk, "Editor Admin IngestKey" },
        { "POST", "/matrix/_bulk", Bulk, "Editor Admin IngestKey" },
        { "GET", "/api/saved-searches", "", "Viewer Editor Admin" },
        { "POST", "/api/saved-searches", "{}", "Editor Admin" },
        { "DELETE", "/api/saved-searches/987654", "", "Editor Admin" },
        { "GET", "/api/alerts/rules", "", "Viewer Editor Admin" },
        { "POST", "/api/alerts/rules", "{}", "Editor Admin" },
        { "GET", "/api/alerts/channels", "", "Admin" },
        { "POST", "/api/alerts/channels", "{}", "Admin" },
        { "POST", "/api/alerts/maintenance-windows", "{}", "Editor Admin" },
        { "GET", "/api/users", "", "Admin" },
        { "POST", "/api/users", "{}", "Admin" },
        { "GET", "/api/api-keys", "", "Admin" },
        { "POST", "/api/api-keys", "{}", "Admin" },
        { "GET", "/api/auth/me", "", "Viewer Editor Admin IngestKey ReadKey" },
        { "POST", "/hubs/tail/negotiate?negotiateVersion=1", "", "Viewer Editor Admin ReadKey" },
        { "POST", "/v1/logs", "{}", "Editor Admin IngestKey" },
        { "POST", "/ingest/clef", Clef, "Editor Admin IngestKey" },
        { "POST", "/api/events/raw", "{}", "Editor Admin IngestKey" },
        { "GET", "/api/health", "", "Viewer Editor Admin ReadKey" },
        { "GET", "/api/dashboards", "", "Viewer Editor Admin" },
        { "POST", "/api/dashboards", "{}", "Editor Admin" },
        { "POST", "/api/dashboards/import", "{}", "Editor Admin" },
        { "PUT", "/api/dashboards/987654", "{}", "Editor Admin" },
        { "DELETE", "/api/dashboards/987654", "", "Editor Admin" },
        { "POST", "/api/dashboards/987654/duplicate", "", "Editor Admin" },
        { "POST", "/api/alerts/rules/00000000-0000-0000-0000-000000000001/snooze", "{}", "Editor Admin" },
        { "POST", "/api/alerts/rules/00000000-0000-0000-0000-000000000001/acknowledge", "{}", "Editor Admin" },
        { "DELETE", "/api/alerts/rules/00000000-0000-0000-0000-000000000001", "", "Editor Admin" },
        { "GET", "/api/lifecycle/policies", "", "Admin" },
        { "PUT", "/api/lifecycle/policies", "[", "Admin" },
        { "POST", "/api/lifecycle/run", "", "Admin" },
        { "GET", "/api/snapshots", "", "Admin" },
        { "POST", "/api/snapshots", "{}", "Admin" },
        { "POST", "/api/snapshots/matrix-none/restore", "{}", "Admin" },
        { "DELETE", "/api/snapshots/matrix-none", "", "Admin" },
        { "PAGE", "/discover", "", "Viewer Editor Admin" },
        { "PAGE", "/tail", "", "Viewer Editor Admin" },
        { "PAGE", "/dashboards", "", "Viewer Editor Admin" },
        { "PAGE", "/alerts", "", "Viewer Editor Admin" },
        { "PAGE", "/health", "", "Viewer Editor Admin" },
        { "PAGE", "/indices", "", "Admin" },
        { "PAGE", "/lifecycle", "", "Admin" },
        { "PAGE", "/snapshots", "", "Admin" },
        { "PAGE", "/admin/users", "", "Admin" },
        { "PAGE", "/admin/api-keys", "", "Admin" },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task EachCallerIsAllowedExactlyWhatItsRoleOrScopeGives(string method, string path, string body, string allowed)
    {
        var allowedCallers = allowed.Split(' ').Select(Enum.Parse<Caller>).ToHashSet();
        var wrong = new List<string>();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            var client = await ClientAsync(caller);
            using var request = new HttpRequestMessage(method == "PAGE" ? HttpMethod.Get : new HttpMethod(method), path);
            if (method == "PAGE")
            {
                request.Headers.Accept.ParseAdd("text/html");
            }
            else if (body.Length > 0)
            {
                request.Content = new StringContent(body, Encoding.UTF8, body.StartsWith('{') && !body.Contains('\n') ? "application/json" : "application/x-ndjson");
            }

            using var response = await client.SendAsync(request);
            var refused = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath is "/access-denied" or "/login");
            if (refused == allowedCallers.Contains(caller))
            {
                wrong.Add($"{caller}: {(int)response.StatusCode} {response.Headers.Location} (expected {(allowedCallers.Contains(caller) ? "allowed" : "refused")})");
            }
        }

        Assert.True(wrong.Count == 0, $"{method} {path}:\n" + string.Join('\n', wrong));
    }

    private readonly Dictionary<Caller, HttpClient> _clients = [];
    private static readonly SemaphoreSlim ClientsLock = new(1, 1);

    private async Task<HttpClient> ClientAsync(Caller caller)
    {
        await ClientsLock.WaitAsync();
        try
        {
            if (!_clients.TryGetValue(caller, out var client))
            {
                client = caller switch
                {
                    Caller.Viewer => await console.SignedInAsync("matrix-viewer", ConsoleRole.Viewer),
                    Caller.Editor => await console.SignedInAsync("matrix-editor", ConsoleRole.Editor),
                    Caller.Admin => await console.SignedInAsync("matrix-admin", ConsoleRole.Admin),
                    Caller.IngestKey => (await console.KeyClientAsync(ApiKeyScopes.Ingest)).Client,
                    _ => (await console.KeyClientAsync(ApiKeyScopes.Read)).Client,
                };
                _clients[caller] = client;
            }

            return client;
        }
        finally
        {
            ClientsLock.Release();
        }
    }
}
