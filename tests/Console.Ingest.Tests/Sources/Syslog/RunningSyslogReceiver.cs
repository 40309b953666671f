using System.Net;
using System.Net.Sockets;
using System.Text;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Syslog;
using Console.Ingest.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Tests.Sources.Syslog;

/// <summary>A started <see cref="SyslogReceiver"/> on free ports of 127.0.0.1, feeding a <see cref="CollectingPipeline"/>; stopped on dispose.</summary>
public sealed class RunningSyslogReceiver : IAsyncDisposable
{
    private RunningSyslogReceiver(SyslogReceiver receiver, CollectingPipeline pipeline, IngestStats stats)
    {
        Receiver = receiver;
        Pipeline = pipeline;
        Stats = stats;
    }

    public SyslogReceiver Receiver { get; }

    public CollectingPipeline Pipeline { get; }

    public IngestStats Stats { get; }

    public IPEndPoint Tcp => Receiver.TcpEndpoint ?? throw new InvalidOperationException("TCP is off");

    public IPEndPoint Udp => Receiver.UdpEndpoint ?? throw new InvalidOperationException("UDP is off");

    public ComponentCounters TcpCounters => Stats.Input(SyslogReceiver.TcpInput);

    public ComponentCounters UdpCounters => Stats.Input(SyslogReceiver.UdpInput);

    public static async Task<RunningSyslogReceiver> StartAsync(Action<SyslogReceiverOptions>? configure = null)
    {
        var options = new SyslogReceiverOptions { Port = 0 };
        configure?.Invoke(options);
        var pipeline = new CollectingPipeline();
        var stats = new IngestStats();
        var receiver = new SyslogReceiver(Options.Create(options), pipeline, stats, new SyslogMessageParser(TimeProvider.System),
            TimeProvider.System, NullLogger<SyslogReceiver>.Instance);
        await receiver.StartAsync(CancellationToken.None);
        return new RunningSyslogReceiver(receiver, pipeline, stats);
    }

    /// <summary>A TCP connection, from <paramref name="from"/> when given (any 127.x.y.z is this machine on Linux).</summary>
    public async Task<TcpClient> ConnectAsync(IPAddress? from = null)
    {
        var client = from is null ? new TcpClient(AddressFamily.InterNetwork) : new TcpClient(new IPEndPoint(from, 0));
        client.NoDelay = true;
        await client.ConnectAsync(Tcp);
        return client;
    }

    public async Task SendTcpAsync(string text)
    {
        using var client = await ConnectAsync();
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    public async Task SendUdpAsync(string text)
    {
        using var client = new UdpClient(AddressFamily.InterNetwork);
        await client.SendAsync(Encoding.UTF8.GetBytes(text), Udp);
    }

    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Receiver.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Pipeline.IsFull = false;
        await StopAsync();
        Receiver.Dispose();
    }
}
