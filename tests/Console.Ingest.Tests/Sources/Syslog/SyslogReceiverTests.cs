using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Console.Ingest.Sources.Syslog;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Sources.Syslog;

public class SyslogReceiverTests
{
    private static string Message(string text, string app = "app") => $"<14>1 2026-11-23T23:14:45.000Z vm {app} - - - {text}";

    private static async Task<bool> ClosedByServerAsync(TcpClient client, TimeSpan within)
    {
        var stream = client.GetStream();
        using var timeout = new CancellationTokenSource(within);
        try
        {
            var buffer = new byte[16];
            return await stream.ReadAsync(buffer, timeout.Token) == 0;
        }
        catch (IOException)
        {
            return true; // reset instead of a clean close
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Tcp_lf_framed_messages_become_records_for_the_pipeline()
    {
        await using var r = await RunningSyslogReceiver.StartAsync(o => o.IndexBase = "syslog-test");

        await r.SendTcpAsync(Message("one") + "\n" + Message("two") + "\r\n" + Message("three") + "\0");
        var records = await r.Pipeline.WaitForCountAsync(3);

        Assert.Equal(["one", "two", "three"], r.Pipeline.Messages);
        Assert.All(records, record =>
        {
            Assert.Equal("syslog-tcp", record.Input);
            Assert.Null(record.Parser);
            Assert.Equal("syslog-test", record.IndexBase);
            Assert.Equal("app", EventField.Text(record.Fields, "process.name"));
            Assert.Equal("INFO", EventField.Text(record.Fields, "log_level"));
        });
        Assert.Equal(3, r.TcpCounters.Received);
        Assert.NotNull(r.TcpCounters.LastSeen);
    }

    [Fact]
    public async Task Tcp_octet_counted_messages_keep_their_line_ends()
    {
        await using var r = await RunningSyslogReceiver.StartAsync();
        var first = Message("multi\nline");
        var second = Message("next");

        await r.SendTcpAsync($"{Encoding.UTF8.GetByteCount(first)} {first}{Encoding.UTF8.GetByteCount(second)} {second}");
        await r.Pipeline.WaitForCountAsync(2);

        Assert.Equal(["multi\nline", "next"], r.Pipeline.Messages);
    }

    [Fact]
    public async Task Tcp_framing_is_detected_per_message_on_one_connection()
    {
        await using var r = await RunningSyslogReceiver.StartAsync();
        var octet = Message("octet-café");

        await r.SendTcpAsync($"{Message("lf-1")}\n{Encoding.UTF8.GetByteCount(octet)} {octet}{Message("lf-2")}\n<13>Nov 23 23:14:45 vm legacy: lf-3\n");
        await r.Pipeline.WaitForCountAsync(4);

        Assert.Equal(["lf-1", "octet-café", "lf-2", "lf-3"], r.Pipeline.Messages);
    }

    [Fact]
    public async Task Tcp_messages_split_across_segments_are_put_back_together()
    {
        await using var r = await RunningSyslogReceiver.StartAsync();
        var octet = Message("second");
        var bytes = Encoding.UTF8.GetBytes($"{Message("first")}\n{Encoding.UTF8.GetByteCount(octet)} {octet}{Message("third")}\n");
        using var client = await r.ConnectAsync();
        var stream = client.GetStream();

        // One byte per segment around the frame boundaries, bigger pieces elsewhere.
        for (var i = 0; i < bytes.Length;)
        {
            var size = i % 40 < 5 ? 1 : 9;
            await stream.WriteAsync(bytes.AsMemory(i, Math.Min(size, bytes.Length - i)));
            await stream.FlushAsync();
            await Task.Delay(2);
            i += size;
        }

        await r.Pipeline.WaitForCountAsync(3);

        Assert.Equal(["first", "second", "third"], r.Pipeline.Messages);
    }

    [Fact]
    public async Task Tcp_oversize_messages_are_rejected_counted_and_skipped_and_the_stream_goes_on()
    {
        await using var r = await RunningSyslogReceiver.StartAsync(o => o.MaxMessageBytes = 256);
        var hugeOctet = Message("octet " + new string('x', 280) + "\n" + Message("fake-from-octet-tail"));
        var hugeLine = Message("line " + new string('y', 300) + " 12 " + Message("fake-from-line-tail"));
        using var client = await r.ConnectAsync();
        var stream = client.GetStream();

        await stream.WriteAsync(Encoding.UTF8.GetBytes(
            $"{Message("before")}\n{Encoding.UTF8.GetByteCount(hugeOctet)} {hugeOctet}{Message("between")}\n{hugeLine}\n{Message("after")}\n"));
        await r.Pipeline.WaitForCountAsync(3);
        await Task.Delay(200);

        Assert.Equal(["before", "between", "after"], r.Pipeline.Messages);
        Assert.Equal(2, r.TcpCounters.Rejected);
        Assert.Equal(3, r.TcpCounters.Received);
        var reasons = r.TcpCounters.Recent.Snapshot().Select(x => x.Reason).ToList();
        Assert.Contains(reasons, x => x.StartsWith("octet-counted message of", StringComparison.Ordinal) && x.Contains("MaxMessageBytes (256)", StringComparison.Ordinal));
        Assert.Contains(reasons, x => x.StartsWith("line", StringComparison.Ordinal) && x.Contains("from 127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tcp_last_line_without_line_end_is_taken_when_the_sender_closes()
    {
        await using var r = await RunningSyslogReceiver.StartAsync();

        await r.SendTcpAsync(Message("a") + "\n" + Message("no line end"));
        await r.Pipeline.WaitForCountAsync(2);

        Assert.Equal(["a", "no line end"], r.Pipeline.Messages);
    }

    [Fact]
    public async Task Tcp_malformed_message_is_kept_tagged_and_counted_as_failed()
    {
        await using var r = await RunningSyslogReceiver.StartAsync();

        await r.SendTcpAsync("just some text\n");
        var records = await r.Pipeline.WaitForCountAsync(1);

        Assert.Equal("just some text", (string?)records[0].Fields["message"]);
        Assert.Equal(SyslogMessageParser.FailureTag, (string?)records[0].Fields["tags"]![0]);
        Assert.Equal("127.0.0.1", EventField.Text(records[0].Fields, "host.name"));
        Assert.Equal(1, r.TcpCounters.Failed);
    }

    [Fact]
    public async Task Tcp_stops_reading_while_the_pipeline_is_full_and_loses_nothing()
    {
        await using var r = await RunningSyslogReceiver.StartAsync(o => o.BatchSize = 100);
        r.Pipeline.IsFull = true;
        const int count = 16_000; // 16 MB: more than the socket buffers hold
        var line = Encoding.UTF8.GetBytes(Message(new string('p', 950)) + "\n");
        using var client = await r.ConnectAsync();
        var writing = Task.Run(async () =>
        {
            var stream = client.GetStream();
            for (var i = 0; i < count; i++)
            {
                await stream.WriteAsync(line);
            }
        });

        var deadline = Stopwatch.StartNew();
        while (r.Pipeline.Waiting == 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, r.Pipeline.Waiting);
        var receivedWhileFull = r.TcpCounters.Received;
        await Task.Delay(1000);

        // Nothing more was read while the one submission waited, so the sender is held up by TCP.
        Assert.Equal(receivedWhileFull, r.TcpCounters.Received);
        Assert.InRange(receivedWhileFull, 1, 100);
        Assert.False(writing.IsCompleted, "the sender should be blocked by a full receive window");

        r.Pipeline.IsFull = false;
        await writing.WaitAsync(TimeSpan.FromSeconds(30));
        await r.Pipeline.WaitForCountAsync(count, TimeSpan.FromSeconds(30));

        Assert.Equal(count, r.Pipeline.Records.Count);
        Assert.All(r.Pipeline.BatchSizes, size => Assert.InRange(size, 1, 100));
        Assert.Equal(0, r.TcpCounters.Dropped);
    }

    [Fact]
    public async Task Tcp_connections_beyond_the_limit_are_closed_and_counted()
    {
        await using var r = await RunningSyslogReceiver.StartAsync(o => o.MaxConnections = 2);
        using var first = await r.ConnectAsync();
        using var second = await r.ConnectAsync(IPAddress.Parse("127.0.0.2"));
        await first.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message("from first") + "\n"));
        await second.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message("from second") + "\n"));
        await r.Pipeline.WaitForCountAsync(2);

        using var third = await r.ConnectAsync(IPAddress.Parse("127.0.0.3"));

        Assert.True(await ClosedByServerAsync(third, TimeSpan.FromSeconds(20)), "the third connection should be closed");
        Assert.Equal(1, r.TcpCounters.ConnectionsRefused);
        Assert.Equal(0, r.TcpCounters.Rejected); // no event was refused
        Assert.Equal("connection from 127.0.0.3 refused: MaxConnections (2) reached", r.TcpCounters.Recent.Snapshot()[0].Reason);

        // The two admitted connections still work, and a slot frees when one closes.
        await first.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message("first again") + "\n"));
        await r.Pipeline.WaitForCountAsync(3);
        second.Close();
        var deadline = Stopwatch.StartNew();
        while (r.Receiver.OpenConnections > 1 && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20);
        }

        await r.SendTcpAsync(Message("fourth connection") + "\n");
        await r.Pipeline.WaitForCountAsync(4);
        Assert.Equal(1, r.TcpCounters.ConnectionsRefused);
    }

    [Fact]
    public async Task Tcp_connections_beyond_the_per_client_limit_are_closed_while_other_clients_get_in()
    {
        await using var r = await RunningSyslogReceiver.StartAsync(o => (o.MaxConnections, o.MaxConnectionsPerClient) = (10, 2));
        using var first = await r.ConnectAsync();
        using var second = await r.ConnectAsync();
        await first.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message("first of one client") + "\n"));
        await second.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message("second of one client") + "\n"));
        await r.Pipeline.WaitForCountAsync(2);

        using var third = await r.ConnectAsync();
        using var other = await r.ConnectAsync(IPAddress.Parse("127.0.0.2"));

        Assert.True(await ClosedByServerAsync(third, TimeSpan.FromSeconds(20)), "the client's third connection should be closed");
        await other.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message("another client") + "\n"));
        await r.Pipeline.WaitForCountAsync(3);
        Assert.Contains("another client", r.Pipeline.Messages);
        Assert.Equal(1, r.TcpCounters.ConnectionsRefused);
        Assert.Equal("connection from 127.0.0.1 refused: MaxConnectionsPerClient (2) reached for that address", r.TcpCounters.Recent.Snapshot()[0].Reason);
    }

    [Fact]
    public async Task Tcp_idle_connection_is_closed_after_the_idle_timeout()
    {
        await using var r = await RunningSyslogReceiver.StartAsync(o => o.IdleTimeout = TimeSpan.FromMilliseconds(500));
        using var client = await r.ConnectAsync();
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message("then silence") + "\n"));
        var watch = Stopwatch.StartNew();

        Assert.True(await ClosedByServerAsync(client, TimeSpan.FromSeconds(5)), "the idle connection should be closed");
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(4));
        Assert.Equal(["then silence"], r.Pipeline.Messages);
    }

    [Fact]
    public async Task Udp_each_datagram_is_one_message()
    {
        await using var r = await RunningSyslogReceiver.StartAsync();

        await r.SendUdpAsync("<190>Nov 23 23:14:45 vm nginx: GET / 200");
        await r.SendUdpAsync("<11>gunicorn.thebot.error: [23687] no timestamp, no host\n");
        var records = await r.Pipeline.WaitForCountAsync(2);

        Assert.All(records, record =>
        {
            Assert.Equal("syslog-udp", record.Input);
            Assert.Equal("thebot-logs", record.IndexBase);
        });
        var nginx = records.Single(x => EventField.Text(x.Fields, "process.name") == "nginx");
        var gunicorn = records.Single(x => EventField.Text(x.Fields, "process.name") == "gunicorn.thebot.error");
        Assert.Equal("nginx-access|nginx-error", nginx.Parser); // Ingest:Syslog:Programs' default for nginx
        Assert.Null(gunicorn.Parser);
        Assert.Equal("vm", EventField.Text(nginx.Fields, "host.name"));
        Assert.Equal("127.0.0.1", EventField.Text(gunicorn.Fields, "host.name"));
        Assert.Equal("ERROR", EventField.Text(gunicorn.Fields, "log_level"));
        Assert.Equal("[23687] no timestamp, no host", EventField.Text(gunicorn.Fields, "message"));
        Assert.Equal(2, r.UdpCounters.Received);
    }

    [Fact]
    public async Task Udp_oversize_datagram_is_rejected_and_counted()
    {
        await using var r = await RunningSyslogReceiver.StartAsync(o => o.MaxMessageBytes = 256);

        await r.SendUdpAsync(Message(new string('x', 300)));
        await r.SendUdpAsync(Message("small"));
        await r.Pipeline.WaitForCountAsync(1);
        await Task.Delay(100);

        Assert.Equal(["small"], r.Pipeline.Messages);
        Assert.Equal(1, r.UdpCounters.Rejected);
        Assert.Contains("datagram of", r.UdpCounters.Recent.Snapshot()[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Udp_datagrams_that_do_not_fit_the_queue_while_the_pipeline_is_full_are_dropped_and_counted()
    {
        await using var r = await RunningSyslogReceiver.StartAsync(o =>
        {
            o.UdpQueueCapacity = 5;
            o.BatchSize = 2;
        });
        r.Pipeline.IsFull = true;
        using var client = new UdpClient(System.Net.Sockets.AddressFamily.InterNetwork);

        for (var i = 0; i < 40; i++)
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(Message("d" + i)), r.Udp);
            await Task.Delay(2);
        }

        var deadline = Stopwatch.StartNew();
        while (r.UdpCounters.Received < 40 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Equal(40, r.UdpCounters.Received);
        // At most one batch in the waiting submission plus a full queue are kept.
        Assert.InRange(r.UdpCounters.Dropped, 40 - 5 - 2, 40 - 5);
        r.Pipeline.IsFull = false;
        var kept = (int)(r.UdpCounters.Received - r.UdpCounters.Dropped);
        await r.Pipeline.WaitForCountAsync(kept);
        await Task.Delay(100);
        Assert.Equal(kept, r.Pipeline.Records.Count);
    }

    [Fact]
    public async Task Stop_stops_accepting_and_lets_a_waiting_submission_finish()
    {
        var r = await RunningSyslogReceiver.StartAsync();
        var endpoint = r.Tcp;
        r.Pipeline.IsFull = true;
        using var client = await r.ConnectAsync();
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message("in flight") + "\n"));
        var deadline = Stopwatch.StartNew();
        while (r.Pipeline.Waiting == 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        var stopping = r.StopAsync();
        await Task.Delay(300);
        Assert.False(stopping.IsCompleted, "stop should wait for the submission in flight");
        using (var late = new TcpClient())
        {
            await Assert.ThrowsAnyAsync<SocketException>(() => late.ConnectAsync(endpoint));
        }

        r.Pipeline.IsFull = false;
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["in flight"], r.Pipeline.Messages);
        Assert.Equal(0, r.TcpCounters.Dropped);
        await r.DisposeAsync();
    }

    [Fact]
    public async Task Only_the_enabled_transports_listen()
    {
        await using var udpOnly = await RunningSyslogReceiver.StartAsync(o => o.TcpEnabled = false);
        await using var off = await RunningSyslogReceiver.StartAsync(o => o.Enabled = false);

        Assert.Null(udpOnly.Receiver.TcpEndpoint);
        Assert.NotNull(udpOnly.Receiver.UdpEndpoint);
        Assert.Null(off.Receiver.TcpEndpoint);
        Assert.Null(off.Receiver.UdpEndpoint);
    }
}
