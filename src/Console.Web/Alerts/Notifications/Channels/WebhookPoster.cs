using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Console.Web.Alerts.Notifications.Channels;

/// <summary>POSTs a JSON payload to a channel's URL with its headers; shared by the generic and the Slack webhook.</summary>
public sealed class WebhookPoster(IHttpClientFactory clients)
{
    /// <summary>The named HttpClient webhooks use; its own timeout is off because each attempt has the dispatcher's.</summary>
    public const string ClientName = "alert-webhooks";

    private const int MaxErrorBodyChars = 300;

    public async Task<ChannelSendResult> PostAsync(JsonNode payload, NotificationChannelDefinition channel, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(channel.Url, UriKind.Absolute, out var url))
        {
            return ChannelSendResult.Failure(null, $"'{channel.Url}' is not an absolute URL", retryable: false);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("THE_BOT-log-console", "1.0"));
        foreach (var (name, value) in channel.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var client = clients.CreateClient(ClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return ChannelSendResult.Success(status);
        }

        var body = await ReadStartAsync(response, cancellationToken);
        var error = $"HTTP {status} {response.ReasonPhrase}{(body.Length > 0 ? ": " + body : "")}";
        return ChannelSendResult.Failure(status, error, IsTransient(response.StatusCode));
    }

    // A 4xx other than these means the request itself is wrong (a revoked Slack hook answers 404 or 410); sending it
    // again cannot help.
    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    // The start of an error body says why (Slack answers "invalid_payload", "no_text"); the rest is not worth keeping.
    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[MaxErrorBodyChars];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return new string(buffer, 0, read).ReplaceLineEndings(" ").Trim();
    }
}
