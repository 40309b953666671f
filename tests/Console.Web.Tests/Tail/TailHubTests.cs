using System.Text;
using System.Threading.Channels;
using Console.Web.Searching;
using Console.Web.Tail;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Tail;

/// <summary>The <c>/hubs/tail</c> hub through a real SignalR client: stored events first, then matching new ones only.</summary>
public sealed class TailHubTests : IAsyncLifetime
{
    private readonly ConsoleFactory _console = new();
    private HubConnection? _hub;

    public async Task InitializeAsync()
    {
        _ = _console.Server; // starts the host
        _hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_console.Server.BaseAddress, TailHub.Path.TrimStart('/')), options =>
            {
                options.Transports = HttpTransportType.LongPolling; // the in-memory test server has no WebSockets
                options.HttpMessageHandlerFactory = _ => _console.Server.CreateHandler();
            })
            .Build();
        await _hub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        await _console.DisposeAsync();
    }

    private async Task IngestAsync(params string[] lines)
    {
        using var client = _console.CreateClient();
        using var content = new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");
        var response = await client.PostAsync(new Uri("/api/ingest?index=thebot-logs&refresh=wait_for", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_stream_starts_with_the_stored_matches_then_follows_new_matching_events_only()
    {
        await IngestAsync(
            """{"@timestamp":"2026-11-23T10:00:00Z","level":"ERROR","message":"stored error"}""",
            """{"@timestamp":"2026-11-23T10:00:01Z","level":"INFO","message":"stored info"}""");

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stream = await _hub!.StreamAsChannelAsync<TailMessage>("Stream", "thebot-logs-*", "log_level:ERROR", cancel.Token);
        var first = await stream.ReadAsync(cancel.Token);
        Assert.Equal("stored error", (string?)first.Source["message"]);

        await IngestAsync(
            """{"@timestamp":"2026-11-23T10:00:02Z","level":"INFO","message":"new info"}""",
            """{"@timestamp":"2026-11-23T10:00:03Z","level":"ERROR","message":"new error"}""");
        var next = await stream.ReadAsync(cancel.Token);
        Assert.Equal("new error", (string?)next.Source["message"]);
        Assert.StartsWith("thebot-logs-2026.11.23", next.Index, StringComparison.Ordinal);
        Assert.Equal(0, next.Skipped);

        // The ERROR is also copied to thebot-errors-*, which this pattern does not name: nothing else arrives.
        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.ReadAsync(quiet.Token));
    }

    [Fact]
    public async Task The_streams_first_search_waits_for_a_free_slot_of_the_callers_search_budget()
    {
        await IngestAsync("""{"@timestamp":"2026-11-23T11:00:00Z","level":"WARNING","message":"stored warning"}""");

        // Sign-in is off here, so the hub's caller is the one local user; its API calls and pages hold every slot.
        var limiter = _console.Services.GetRequiredService<SearchConcurrencyLimiter>();
        var held = Enumerable.Range(0, limiter.MaxPerCaller).Select(_ => limiter.TryEnter(SearchCaller.Local)).ToList();
        Assert.All(held, Assert.NotNull);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stream = await _hub!.StreamAsChannelAsync<TailMessage>("Stream", "thebot-logs-*", "log_level:WARNING", cancel.Token);
        var first = stream.ReadAsync(cancel.Token).AsTask();
        Assert.Equal(1, await Eventually.Get(() => Task.FromResult(limiter.Waiting(SearchCaller.Local)), n => n == 1));
        Assert.False(first.IsCompleted);

        held[0]!.Dispose();
        Assert.Equal("stored warning", (string?)(await first).Source["message"]);
        foreach (var slot in held.Skip(1))
        {
            slot!.Dispose();
        }

        Assert.Equal(0, await Eventually.Get(() => Task.FromResult(limiter.Running(SearchCaller.Local)), n => n == 0));
    }

    [Fact]
    public async Task A_bad_query_ends_the_stream_with_the_reason_and_its_position()
    {
        var stream = await _hub!.StreamAsChannelAsync<TailMessage>("Stream", "thebot-logs-*", "log_level:(ERROR OR", CancellationToken.None);
        var closed = await Assert.ThrowsAsync<ChannelClosedException>(async () => await stream.ReadAsync());
        var error = Assert.IsType<HubException>(closed.InnerException);
        Assert.Contains("at character", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_index_pattern_ends_the_stream_with_the_reason()
    {
        var stream = await _hub!.StreamAsChannelAsync<TailMessage>("Stream", "no spaces/here", "", CancellationToken.None);
        var closed = await Assert.ThrowsAsync<ChannelClosedException>(async () => await stream.ReadAsync());
        var error = Assert.IsType<HubException>(closed.InnerException);
        Assert.Contains("no spaces/here", error.Message, StringComparison.Ordinal);
    }
}
