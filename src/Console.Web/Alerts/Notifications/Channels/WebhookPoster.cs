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
        HttpResponseMessage sent;
        try
        {
            sent = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e) when (RefusalIn(e) is { } refused)
        {
            // The address guard said no: sending again reaches the same address, so it is not retried.
            return ChannelSendResult.Failure(null, refused.Message, retryable: false);
        }

        using var response = sent;
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return ChannelSendResult.Success(status);
        }

        if (status is >= 300 and < 400)
        {
            // Redirects are not followed: the next hop would get the channel's headers and escape the address check
            // made for this one. Only where it points is said; its path may hold a token.
            var target = response.Headers.Location is { IsAbsoluteUri: true } location ? $" (to {location.Scheme}://{location.Authority}/...)" : "";
            return ChannelSendResult.Failure(status, $"HTTP {status} {response.ReasonPhrase}: the webhook redirects{target}, and redirects are not followed; put the final address in the channel", retryable: false);
        }

        var body = Redact(await ReadStartAsync(response, cancellationToken), channel, url);
        var error = $"HTTP {status} {response.ReasonPhrase}{(body.Length > 0 ? ": " + body : "")}";
        return ChannelSendResult.Failure(status, error, IsTransient(response.StatusCode));
    }

    // An error page may echo the request back; the channel's header values and its URL's path and query are
    // credentials, and this text goes to the delivery log and the console's own log.
    private static string Redact(string text, NotificationChannelDefinition channel, Uri url)
    {
        var secrets = channel.Headers.Values
            .SelectMany(value => new[] { value, value.Split(' ', 2).Last() })
            .Append(url.PathAndQuery)
            .Append(url.Query.TrimStart('?'))
            .Where(secret => secret.Length >= 4 && secret != "/")
            .Distinct()
            .OrderByDescending(secret => secret.Length);
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
        }

        return text;
    }

    private static WebhookDestinationRefusedException? RefusalIn(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookDestinationRefusedException refused)
            {
                return refused;
            }
        }

        return null;
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
