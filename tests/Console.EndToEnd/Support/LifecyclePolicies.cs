using System.Text;
using System.Text.Json;

namespace Console.EndToEnd.Support;

/// <summary>
/// Sets the console's retention policies for the length of a test and puts the previous ones back, so a lifecycle run
/// in one test never ages the indices other tests of the shared server wrote.
/// </summary>
public sealed class LifecyclePolicies : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly string _previous;

    private LifecyclePolicies(HttpClient client, string previous)
    {
        _client = client;
        _previous = previous;
    }

    /// <param name="policiesJson">The <c>policies</c> array, as <c>PUT /api/lifecycle/policies</c> takes it.</param>
    public static async Task<LifecyclePolicies> SetAsync(HttpClient client, string policiesJson)
    {
        var current = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/lifecycle/policies", UriKind.Relative))).RootElement.GetProperty("policies").GetRawText();
        var set = new LifecyclePolicies(client, current);
        await set.PutAsync(policiesJson);
        return set;
    }

    /// <summary>Applies the policies now (the embedded store's lifecycle job would otherwise wait for its interval).</summary>
    public async Task RunAsync()
    {
        using var response = await _client.PostAsync(new Uri("/api/lifecycle/run", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync() => await PutAsync(_previous);

    private async Task PutAsync(string policiesJson)
    {
        using var content = new StringContent($$"""{"policies":{{policiesJson}}}""", Encoding.UTF8, "application/json");
        using var response = await _client.PutAsync(new Uri("/api/lifecycle/policies", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }
}
