using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Console.Shared.Tests.Support;

/// <summary>
/// A local HTTP endpoint on 127.0.0.1 that records every request and answers from a route table
/// (method and path → queued replies, the last one repeating), so tests check what the client sends.
/// </summary>
public sealed class FakeElasticsearch : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Queue<FakeReply>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<RecordedRequest, FakeReply>> _computed = new(StringComparer.Ordinal);
    private volatile Func<RecordedRequest, CancellationToken, Task<FakeReply?>>? _first;

    private FakeElasticsearch(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>False stops recording requests, for long runs whose bodies would pile up in <see cref="Requests"/>.</summary>
    public bool RecordsRequests { get; set; } = true;

    /// <param name="port">0 for a free port; a fixed one to bring a node "back up" where a client already points.</param>
    public static async Task<FakeElasticsearch> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var fake = new FakeElasticsearch(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Url = new Uri(address);
        return fake;
    }

    /// <summary>Answers <paramref name="method"/> on <paramref name="path"/> (without the query string) with these replies in turn.</summary>
    public FakeElasticsearch On(string method, string path, params FakeReply[] replies)
    {
        _routes[method + " " + path] = new Queue<FakeReply>(replies);
        return this;
    }

    /// <summary>Answers <paramref name="method"/> on <paramref name="path"/> with a reply computed from the request (a bulk answer with one item per action, say).</summary>
    public FakeElasticsearch On(string method, string path, Func<RecordedRequest, FakeReply> reply)
    {
        _computed[method + " " + path] = reply;
        return this;
    }

    /// <summary>
    /// Asks <paramref name="reply"/> first for every request, whatever its method and path (a stateful cluster, or a fault
    /// that hits every route); a null answer falls through to the route table. The token is the request's own (the client went away).
    /// </summary>
    public FakeElasticsearch OnAny(Func<RecordedRequest, CancellationToken, Task<FakeReply?>> reply)
    {
        _first = reply;
        return this;
    }

    public RecordedRequest Single(string method, string path) =>
        Assert.Single(Requests, r => r.Method == method && r.Path == path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            context.Request.ContentType,
            body);
        if (RecordsRequests)
        {
            Requests.Enqueue(request);
        }

        FakeReply? reply = null;
        if (_first is { } first)
        {
            try
            {
                reply = await first(request, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return; // the client gave up waiting
            }
        }

        reply ??= RouteReply(request);
        try
        {
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }

            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = "application/json";
            if (reply.StallMidBody > TimeSpan.Zero)
            {
                var half = reply.Body.Length / 2;
                await context.Response.WriteAsync(reply.Body[..half], context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(reply.StallMidBody, context.RequestAborted);
                await context.Response.WriteAsync(reply.Body[half..], context.RequestAborted);
                return;
            }

            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up waiting (its timeout): nothing more to send.
        }
    }

    private FakeReply RouteReply(RecordedRequest request)
    {
        if (_computed.TryGetValue(request.Method + " " + request.Path, out var compute))
        {
            return compute(request);
        }

        if (_routes.TryGetValue(request.Method + " " + request.Path, out var queue))
        {
            lock (queue)
            {
                return queue.Count > 1 ? queue.Dequeue() : queue.Peek();
            }
        }

        return new FakeReply(400, $$"""{"error":{"type":"fake_no_route","reason":"the fake has no reply for {{request.Method}} {{request.Path}}"},"status":400}""");
    }
}
