using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Console.Web.Tests.Support;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a free port that keeps every message it accepts,
/// or first refuses with the reply codes it was given.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly ConcurrentQueue<int> _refusals;
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;
    private (string User, string Password)? _signIn;
    private int _signedIn;

    private SmtpSink(IEnumerable<int> refusals) => _refusals = new ConcurrentQueue<int>(refusals);

    public int Port { get; private set; }

    public IReadOnlyList<MimeMessage> Messages => [.. _messages];

    /// <summary>Sign-ins that gave the user and password this sink was started with.</summary>
    public int SignedIn => Volatile.Read(ref _signedIn);

    /// <summary>Requires a sign-in (AUTH over the plain connection) with <paramref name="user"/> and <paramref name="password"/> before it takes mail.</summary>
    public static async Task<SmtpSink> StartWithSignInAsync(string user, string password)
    {
        var sink = new SmtpSink([]) { _signIn = (user, password) };
        await sink.StartCoreAsync();
        return sink;
    }

    /// <summary>Refuses the first messages with <paramref name="refusalCodes"/> (such as 451), then accepts every message.</summary>
    public static async Task<SmtpSink> StartAsync(params int[] refusalCodes)
    {
        var sink = new SmtpSink(refusalCodes);
        await sink.StartCoreAsync();
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task StartCoreAsync()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))
                .AllowUnsecureAuthentication(_signIn is not null)
                .AuthenticationRequired(_signIn is not null))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new CollectingStore(this));
        if (_signIn is { } expected)
        {
            services.Add(new SmtpServer.Authentication.DelegatingUserAuthenticator((user, password) =>
            {
                var valid = user == expected.User && password == expected.Password;
                if (valid)
                {
                    Interlocked.Increment(ref _signedIn);
                }

                return valid;
            }));
        }
        var server = new SmtpServer.SmtpServer(options, services);
        _running = server.StartAsync(_stopping.Token);
        await WaitUntilListeningAsync();
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    // SmtpServer cannot report the port it bound for port 0, so take one the system says is free.
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class CollectingStore(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (sink._refusals.TryDequeue(out var code))
            {
                return new SmtpResponse((SmtpReplyCode)code, "refused on purpose by the test");
            }

            using var stream = new MemoryStream(buffer.ToArray());
            sink._messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
