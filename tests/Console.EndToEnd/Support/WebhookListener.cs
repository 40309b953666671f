using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Console.EndToEnd.Support;

/// <summary>A webhook for the browser tests to point a channel at: Kestrel on 127.0.0.1 and a free port, keeping every body posted to it.</summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _bodies = new();
    private WebApplication? _app;

    /// <summary><c>http://127.0.0.1:PORT/hooks/alerts</c>.</summary>
    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<string> Bodies => [.. _bodies];

    public static async Task<WebhookListener> StartAsync()
    {
        var listener = new WebhookListener();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(1));
        listener._app = builder.Build();
        listener._app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            listener._bodies.Enqueue(await reader.ReadToEndAsync(context.RequestAborted));
            await context.Response.WriteAsync("ok");
        });
        await listener._app.StartAsync();
        listener.Url = new Uri(new Uri(listener._app.Urls.Single()), "/hooks/alerts");
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
