using System.Net;
using System.Text.Json;

namespace Console.Web.Tests.Support;

public static class HttpClientAssertions
{
    /// <summary>GETs <paramref name="url"/>, fails the test with the answer's body unless it is <paramref name="expected"/>, and returns the body as JSON.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{url} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
