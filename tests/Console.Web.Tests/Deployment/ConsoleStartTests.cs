using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Console.Web.Tests.Deployment;

/// <summary>
/// How a start that does not finish ends, on a real generic host: with an exit code, never as an exception out of Main
/// (which aborts the process with SIGABRT).
/// </summary>
public sealed class ConsoleStartTests
{
    private readonly CapturingLoggerProvider _log = new();
    private readonly Journal _journal = new();

    [Fact]
    public async Task A_host_that_starts_runs_on()
    {
        using var host = Build((_, _) => Task.CompletedTask);

        Assert.Null(await ConsoleStart.StartAsync(host, Logger(host)));
        Assert.Equal(["first started", "second started"], _journal.Entries);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_stop_signal_during_the_start_ends_it_with_exit_code_0_and_stops_what_had_started()
    {
        // What SIGTERM does while the host starts: the console lifetime asks the application to stop, which cancels the start.
        using var host = Build(async (lifetime, token) =>
        {
            lifetime.StopApplication();
            await Task.Delay(Timeout.Infinite, token);
        });

        var exitCode = await ConsoleStart.StartAsync(host, Logger(host));

        Assert.Equal(0, exitCode);
        Assert.Contains("first stopped", _journal.Entries);
        Assert.Contains(_log.Lines, l => l.Contains("Stopped during the start", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_start_that_fails_ends_with_exit_code_1_and_one_line_with_the_reason_and_stops_what_had_started()
    {
        using var host = Build((_, _) => throw new IOException("Failed to bind to address http://127.0.0.1:5601: address already in use."));

        var exitCode = await ConsoleStart.StartAsync(host, Logger(host));

        Assert.Equal(ConsoleStart.FailedExitCode, exitCode);
        Assert.Contains("first stopped", _journal.Entries);
        var line = Assert.Single(_log.Lines, l => l.StartsWith("Critical", StringComparison.Ordinal));
        Assert.Contains("The console could not start: Failed to bind to address http://127.0.0.1:5601: address already in use.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inside_another_host_a_start_that_fails_throws_to_that_host()
    {
        // The tests' WebApplicationFactory runs Program inside the test process: it must see why the start failed.
        using var host = Build((_, _) => throw new IOException("Failed to bind to address http://127.0.0.1:5601: address already in use."));

        var error = await Assert.ThrowsAsync<IOException>(() => ConsoleStart.StartAsync(host, Logger(host), ownsProcess: false));

        Assert.Contains("address already in use", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_log.Lines, l => l.StartsWith("Critical", StringComparison.Ordinal));
    }

    /// <summary>A host with two services: the first starts at once, the second as <paramref name="secondStart"/> says.</summary>
    private IHost Build(Func<IHostApplicationLifetime, CancellationToken, Task> secondStart)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(_log);
        builder.Services.AddSingleton<IHostedService>(new JournalService("first", _journal, _ => Task.CompletedTask));
        builder.Services.AddSingleton<IHostedService>(services =>
            new JournalService("second", _journal, token => secondStart(services.GetRequiredService<IHostApplicationLifetime>(), token)));
        return builder.Build();
    }

    private static ILogger Logger(IHost host) => host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Console.Web");

    private sealed class Journal
    {
        private readonly List<string> _entries = [];

        public IReadOnlyList<string> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public void Add(string entry)
        {
            lock (_entries)
            {
                _entries.Add(entry);
            }
        }
    }

    private sealed class JournalService(string name, Journal journal, Func<CancellationToken, Task> start) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await start(cancellationToken);
            journal.Add($"{name} started");
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            journal.Add($"{name} stopped");
            return Task.CompletedTask;
        }
    }
}
