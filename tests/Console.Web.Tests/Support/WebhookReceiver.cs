using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Console.Web.Tests.Support;

/// <summary>
/// A real HTTP server on 127.0.0.1 and a free port (Kestrel), standing in for a webhook: it records every request and
/// answers with the statuses it was given, in order, then 200; or never answers at all.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentQueue<int> _statuses;
    private readonly bool _neverAnswer;
    private Uri? _redirectTo;
    private bool _echo;
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    private WebhookReceiver(IEnumerable<int> statuses, bool neverAnswer)
    {
        _statuses = new ConcurrentQueue<int>(statuses);
        _neverAnswer = neverAnswer;
    }

    /// <summary>The address to post to: <c>http://127.0.0.1:PORT/hooks/alerts</c>.</summary>
    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Answers <paramref name="statuses"/> in order, then 200 to every later request.</summary>
    public static Task<WebhookReceiver> StartAsync(params int[] statuses) => new WebhookReceiver(statuses, neverAnswer: false).StartCoreAsync();

    /// <summary>Answers every request with 307 Temporary Redirect to <paramref name="target"/>.</summary>
    public static Task<WebhookReceiver> StartRedirectingAsync(Uri target) => new WebhookReceiver([], neverAnswer: false) { _redirectTo = target }.StartCoreAsync();

    /// <summary>Answers every request with 400 and, as some error pages do, the request's headers and path in the body.</summary>
    public static Task<WebhookReceiver> StartEchoingAsync() => new WebhookReceiver([], neverAnswer: false) { _echo = true }.StartCoreAsync();

    /// <summary>Takes each request and holds it open without an answer until the client gives up.</summary>
    public static Task<WebhookReceiver> StartSilentAsync() => new WebhookReceiver([], neverAnswer: true).StartCoreAsync();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task<WebhookReceiver> StartCoreAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(1));
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync();
        Url = new Uri(new Uri(_app.Urls.Single()), "/hooks/alerts");
        return this;
    }

    private async Task HandleAsync(HttpContext context)
    {
        string body;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client gave up while sending (a timeout on a busy machine): the request still arrived.
            body = "";
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path, headers, body, DateTimeOffset.UtcNow));
        if (_neverAnswer)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (_echo)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"bad request {context.Request.Path}{context.Request.QueryString} " + string.Join(' ', headers.Where(h => h.Key == "Authorization" || h.Key.StartsWith("X-", StringComparison.Ordinal)).Select(h => $"{h.Key}={h.Value}")));
            return;
        }

        if (_redirectTo is not null)
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = _redirectTo.AbsoluteUri;
            return;
        }

        context.Response.StatusCode = _statuses.TryDequeue(out var status) ? status : StatusCodes.Status200OK;
        await context.Response.WriteAsync(context.Response.StatusCode == 200 ? "ok" : "receiver failed on purpose");
    }
}
