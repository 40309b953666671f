using System.Net;
using System.Text.RegularExpressions;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Auth;

/// <summary>
/// Every endpoint the running console maps (read from its EndpointDataSource, so routes added later are covered
/// without touching this test) refuses an anonymous caller, unless it is on the allow-list below.
/// </summary>
public sealed partial class EndpointAuthorizationTests(AuthConsole console) : IClassFixture<AuthConsole>
{
    /// <summary>Routes anyone may call: liveness, the sign-in pages and their forms, the error page. Static files are allowed by kind.</summary>
    public static readonly IReadOnlySet<string> AllowList = new HashSet<string>(StringComparer.Ordinal)
    {
        "GET /healthz",
        "GET /login",
        "POST /login",
        "GET /account/password",
        "POST /account/password",
        "POST /auth/login",
        "POST /auth/password",
        "GET /error",
        "POST /error",
    };

    [Fact]
    public void OnlyTheAllowListAndStaticFilesAllowAnonymousCallers()
    {
        var anonymous = Endpoints().Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null && !IsStaticFile(e.Endpoint))
            .SelectMany(e => e.Methods.Select(m => $"{m} {e.Pattern}")).ToHashSet();

        Assert.Empty(anonymous.Except(AllowList));
        Assert.Empty(AllowList.Except(anonymous));
    }

    [Fact]
    public async Task EveryOtherEndpointRefusesAnAnonymousCaller()
    {
        using var client = console.AnonymousClient();
        var endpoints = Endpoints().Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null).ToList();
        Assert.Contains(endpoints, e => e.Pattern == "/hubs/tail");
        Assert.Contains(endpoints, e => e.Pattern == "/api/search");
        Assert.Contains(endpoints, e => e.Pattern == "/discover");

        var admitted = new List<string>();
        foreach (var (endpoint, pattern, methods) in endpoints)
        {
            foreach (var method in methods)
            {
                var url = SampleUrl(pattern);
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                // A browser asking for a page: it must be sent to the login page, not shown the page.
                request.Headers.Accept.ParseAdd("text/html");
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                var refused = response.StatusCode == HttpStatusCode.Unauthorized
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == "/login");
                if (!refused)
                {
                    admitted.Add($"{method} {url} ({endpoint.DisplayName}): {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }

        Assert.True(admitted.Count == 0, "Anonymous callers were let in:\n" + string.Join('\n', admitted));
    }

    [Fact]
    public async Task StaticFilesAndLivenessAnswerAnonymousCallers()
    {
        using var client = console.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/app.css", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/login", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task TheElasticsearchVersionAnswerNeedsCredentials()
    {
        using var client = console.AnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        var (keyClient, _) = await console.KeyClientAsync(Web.Auth.ApiKeyScopes.Ingest);
        using (keyClient)
        {
            using var withKey = new HttpRequestMessage(HttpMethod.Get, "/");
            withKey.Headers.Accept.ParseAdd("application/json");
            using var answer = await keyClient.SendAsync(withKey);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
    }

    private List<(Endpoint Endpoint, string Pattern, IReadOnlyList<string> Methods)> Endpoints()
    {
        var sources = console.Services.GetRequiredService<EndpointDataSource>();
        return sources.Endpoints.OfType<RouteEndpoint>()
            .Select(e => ((Endpoint)e, "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                (IReadOnlyList<string>)(e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToList() ?? ["GET"])))
            .ToList();
    }

    // MapStaticAssets' endpoints carry the file's descriptor; nothing else does.
    private static bool IsStaticFile(Endpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor");

    /// <summary>A concrete URL for a route pattern: numbers for numeric parameters, a GUID for guid ones, a word otherwise.</summary>
    public static string SampleUrl(string pattern) => ParameterPattern().Replace(pattern, match =>
    {
        var constraint = match.Groups["constraint"].Value;
        return constraint.Contains("guid", StringComparison.OrdinalIgnoreCase) ? Guid.NewGuid().ToString()
            : constraint.Contains("long", StringComparison.OrdinalIgnoreCase) || constraint.Contains("int", StringComparison.OrdinalIgnoreCase) ? "1"
            : "sample";
    });

    [GeneratedRegex(@"\{\**(?<name>[^}:?=]+)(?<constraint>(:[^}?=]+)*)[?]?(=[^}]*)?\}")]
    private static partial Regex ParameterPattern();
}
