using System.Net;
using System.Net.Sockets;
using System.Text;
using Console.Ingest.Decoding;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.JsonLines;
using Console.Ingest.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Console.Ingest.Tests.Pipeline;

/// <summary>
/// Rejected input is logged like Logstash and Seq users expect: the first few with their reasons, then one summary per
/// window while a flood lasts, never one line per bad line; the counters stay exact.
/// </summary>
public sealed class RejectionLogTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
    private readonly CollectingLogger<RejectionLog> _log = new();

    [Fact]
    public async Task A_flood_of_garbage_lines_over_tcp_is_logged_as_a_few_lines_and_a_summary_while_the_counters_stay_exact()
    {
        const int garbage = 1000;
        using var stats = new IngestStats(_log, _clock);
        var pipeline = new CollectingPipeline();
        var receiverLog = new CollectingLogger<JsonLinesReceiver>();
        using var receiver = new JsonLinesReceiver(pipeline, new NdjsonDecoder(Options.Create(new NdjsonDecoderOptions())), stats,
            Options.Create(new JsonLinesReceiverOptions { Port = 0, UdpEnabled = false }), _clock, receiverLog);
        await receiver.StartAsync(CancellationToken.None);
        try
        {
            var (port, _) = await receiver.BoundPorts;
            using (var client = new TcpClient(AddressFamily.InterNetwork))
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                var body = new StringBuilder();
                for (var i = 0; i < garbage; i++)
                {
                    body.Append("{not json ").Append(i).Append('\n');
                }

                body.Append("{\"message\":\"the valid one after the flood\"}\n");
                await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(body.ToString()));
                await pipeline.WaitForCountAsync(1, TimeSpan.FromSeconds(30));
            }

            var counters = stats.Input(JsonLinesReceiver.TcpInput);
            Assert.Equal(garbage, counters.Rejected);
            var logged = receiverLog.Warnings.Concat(_log.Warnings).ToList();
            Assert.True(logged.Count <= RejectionLog.DetailedPerWindow,
                $"{logged.Count} warning lines for {garbage} bad lines; the first ones:\n{string.Join('\n', logged.Take(10))}");
            Assert.All(_log.Warnings, line => Assert.Contains("invalid JSON", line, StringComparison.Ordinal));

            _clock.Advance(RejectionLog.Window);

            var summary = Assert.Single(_log.Warnings.Skip(RejectionLog.DetailedPerWindow));
            Assert.StartsWith($"{garbage - RejectionLog.DetailedPerWindow} more rejected lines on input tcp-json in the last 10 s", summary, StringComparison.Ordinal);
            Assert.Equal(garbage, counters.Rejected);
        }
        finally
        {
            await receiver.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void A_flood_is_summarised_once_per_window_and_after_a_quiet_window_reasons_are_logged_again()
    {
        using var rejections = new RejectionLog("udp-json", _log, _clock);
        for (var i = 0; i < 50; i++)
        {
            rejections.Add($"bad datagram {i}");
        }

        Assert.Equal(RejectionLog.DetailedPerWindow, _log.Warnings.Count);
        _clock.Advance(RejectionLog.Window);
        Assert.StartsWith("45 more rejected lines on input udp-json in the last 10 s; the latest: bad datagram 49", _log.Warnings[^1], StringComparison.Ordinal);

        // Still flooding: no more details, one summary for the next window.
        for (var i = 0; i < 7; i++)
        {
            rejections.Add("still bad");
        }

        Assert.Equal(RejectionLog.DetailedPerWindow + 1, _log.Warnings.Count);
        _clock.Advance(RejectionLog.Window);
        Assert.StartsWith("7 more rejected lines on input udp-json", _log.Warnings[^1], StringComparison.Ordinal);

        // A quiet window ends the flood: the next rejection is logged with its reason at once.
        _clock.Advance(RejectionLog.Window);
        var before = _log.Warnings.Count;
        rejections.Add("a lone bad line, later");
        Assert.Equal(before + 1, _log.Warnings.Count);
        Assert.Equal("Rejected on input udp-json: a lone bad line, later", _log.Warnings[^1]);
    }
}
