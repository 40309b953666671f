using System.Net;

namespace Console.EndToEnd.Support;

/// <summary>
/// Does what a well-behaved API client does with <c>429 Too Many Requests</c> on a read: waits as <c>Retry-After</c>
/// says and asks again. With sign-in off the tests' API calls and the browser's pages share one search budget
/// (<c>Query:MaxConcurrentSearchesPerUser</c>), so a poll can land while the open page holds every slot.
/// </summary>
public sealed class RetryWhenBusyHandler() : DelegatingHandler(new HttpClientHandler())
{
    private const int MaxAttempts = 60;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            // Only bodiless reads are resent: a request with content cannot be sent twice.
            if (response.StatusCode != HttpStatusCode.TooManyRequests || request.Content is not null || attempt == MaxAttempts)
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta is { } delta && delta < TimeSpan.FromSeconds(1) ? delta : TimeSpan.FromMilliseconds(500);
            response.Dispose();
            await Task.Delay(wait, cancellationToken);
        }
    }
}
