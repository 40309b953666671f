using Console.Shared.Storage;
using Microsoft.Extensions.Options;

namespace Console.Web;

/// <summary>
/// Starts the host and turns a start that does not finish into an exit code. Left to leave Main as an unhandled
/// exception, a failed start (a taken port, a receiver that cannot listen, a setting that fails validation) or a stop
/// signal during the start (SIGTERM cancels it) aborted the process: SIGABRT, exit code 134 and a core dump where they
/// are enabled, which a shell, a supervisor or a test reports as a crash ("Aborted") rather than as the refusal it is.
/// </summary>
public static class ConsoleStart
{
    /// <summary>The exit code of a start that failed; its reason is logged in one line (the host logged the details).</summary>
    public const int FailedExitCode = 1;

    /// <summary>
    /// Starts <paramref name="host"/>. Returns null once it runs; otherwise the process's exit code, 0 when a stop signal
    /// ended the start and <see cref="FailedExitCode"/> when the start failed, with whatever had started stopped again.
    /// When the console does not own the process (<paramref name="ownsProcess"/> false: it runs inside another host,
    /// such as the tests' WebApplicationFactory), a failed start throws as before, so that host sees why.
    /// </summary>
    public static async Task<int?> StartAsync(IHost host, ILogger logger, bool ownsProcess = true)
    {
        if (!ownsProcess)
        {
            await host.StartAsync();
            return null;
        }

        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        int exitCode;
        try
        {
            await host.StartAsync();
            return null;
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            logger.LogWarning("Stopped during the start (a stop signal came before the console was listening)");
            exitCode = 0;
        }
        catch (Exception ex)
        {
            LogFailedStart(logger, ReasonOf(ex));
            exitCode = FailedExitCode;
        }

        // The receivers, indexer and jobs that did start stop as at any shutdown (the indexer commits what it indexed).
        try
        {
            await host.StopAsync();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Stopping after the start that did not finish failed");
        }

        return exitCode;
    }

    /// <summary>
    /// Takes the data folder for this process (<see cref="DataFolderLock"/>), before anything writes to it. Null when
    /// another console holds it or it cannot be used; the reason is then logged as a start that failed.
    /// </summary>
    public static DataFolderLock? HoldDataFolder(IServiceProvider services, ILogger logger)
    {
        string? problem;
        try
        {
            if (DataFolderLock.TryAcquire(services.GetRequiredService<IOptions<StorageOptions>>().Value.DataPath, out problem) is { } held)
            {
                return held;
            }
        }
        catch (OptionsValidationException ex)
        {
            problem = ex.Message;
        }

        LogFailedStart(logger, problem);
        return null;
    }

    private static void LogFailedStart(ILogger logger, string? reason) => logger.LogCritical("The console could not start: {Reason}", reason);

    private static string ReasonOf(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: > 0 } many
            ? string.Join("; ", many.InnerExceptions.Select(e => e.Message))
            : exception.Message;
}
