using Console.Ingest;
using Console.Shared;
using Console.Web;
using Console.Web.Apis;
using Console.Web.Auth;
using Console.Web.Components;
using Console.Web.Persistence;
using Console.Web.Verify;

// `verify` checks a running console from outside; it must not start a host or bind a port of its own.
if (args is [VerifyCommand.Name, ..])
{
    using var cancel = new CancellationTokenSource();
    System.Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    return await VerifyCommand.RunAsync(args[1..], System.Console.Out, cancel.Token);
}

// `--demo` turns on the synthetic THE_BOT traffic (Demo:Enabled), so a newcomer sees live data at once.
var demo = args.Contains(DemoSwitch);
var builder = WebApplication.CreateBuilder(args.Where(a => a != DemoSwitch).ToArray());
builder.Configuration.AddPipelineFile();
if (demo)
{
    builder.Configuration.AddInMemoryCollection([new("Demo:Enabled", "true")]);
    // A newcomer's first command shows data at once: on loopback, and unless Auth:Mode was set, the demo has no
    // sign-in (the app bar says so). Anywhere else it keeps sign-in on.
    if (builder.Configuration["Auth:Mode"] is null && ListenAddresses.Configured(builder.Configuration).All(ListenAddresses.IsLoopback))
    {
        builder.Configuration.AddInMemoryCollection([new("Auth:Mode", nameof(AuthMode.None))]);
    }
}

// The request start and finish lines carry the query string, where Seq clients may put ?apiKey=: never below Warning
// unless this exact category is configured (a more general one, such as "Microsoft", does not lower it).
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
builder.Services.AddConsoleShared(builder.Configuration);
builder.Services.AddConsoleIngest(builder.Configuration);
builder.Services.AddConsoleWeb(builder.Configuration);
builder.Services.AddConsoleAuth(builder.Configuration);

var app = builder.Build();
var ownsProcess = System.Reflection.Assembly.GetEntryAssembly() == typeof(ConsoleStart).Assembly;

// One console process per data folder: a second one would append to the same queue segments. Inside another host (the
// tests' WebApplicationFactory) that host owns the folders it gives.
using var dataFolder = ownsProcess ? ConsoleStart.HoldDataFolder(app.Services, app.Logger) : null;
if (ownsProcess && dataFolder is null)
{
    await app.DisposeAsync(); // flushes the log line
    return ConsoleStart.FailedExitCode;
}

// A database that cannot be used ends the start here, before anything listens: one log line, exit code 1.
if (!await app.Services.GetRequiredService<ConsoleDatabaseInitializer>().TryPrepareAsync())
{
    await app.DisposeAsync(); // flushes the log line
    return 1;
}

// Auth:Mode=None on a non-loopback address, or a first administrator that cannot be created, end the start here.
var authCheck = app.Services.GetRequiredService<AuthStartupCheck>();
if (!await authCheck.TryPrepareAsync(app.Configuration))
{
    await app.DisposeAsync();
    return 1;
}

// The shipped dashboards are rows like users' own ones (read-only), so the list, links and exports treat them alike.
await app.Services.GetRequiredService<Console.Web.Dashboards.DashboardService>().SeedBuiltInsAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseConsoleSecurity();
app.UseAuthentication();
app.UseElasticsearchRoot();
app.UseAuthorization();
// After authorization: a refused caller gets its 401/403, and a limit counts against the key the caller proved it holds.
app.UseRateLimiter();
app.UseAntiforgery();

// Everything below needs a signed-in user (the fallback policy) unless it names a policy or is in this allow-list:
// static files, liveness, and the sign-in pages and forms. Console.Web.Tests/Auth/EndpointAuthorizationTests holds the list.
app.MapStaticAssets().AllowAnonymous();
app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).AllowAnonymous();
app.MapAuthApi();
app.MapUsersApi();
app.MapSearchApi();
app.MapAggregateApi();
app.MapIngestApi();
app.MapIngestStatsApi();
app.MapBulkApi();
app.MapOtlpApi();
app.MapSeqIngestionApi();
app.MapIndicesApi();
app.MapLifecycleApi();
app.MapSnapshotsApi();
app.MapHealthApi();
app.MapExportApi();
app.MapSavedSearchesApi();
app.MapDashboardsApi();
app.MapAlertsApi();
app.MapHub<Console.Web.Tail.TailHub>(Console.Web.Tail.TailHub.Path).RequireRead();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

// A start that fails (a taken port, a setting that fails validation) or that SIGTERM cancels ends here with an exit
// code and one log line, not as an unhandled exception: that aborted the process (SIGABRT, exit code 134, a core dump).
// Only when this program is the process's entry point: inside another host (the tests' WebApplicationFactory) a failed
// start still throws to that host.
if (await ConsoleStart.StartAsync(app, app.Logger, ownsProcess) is { } exitCode)
{
    await app.DisposeAsync();
    return exitCode;
}

if (!authCheck.CheckBoundAddresses(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()))
{
    await app.StopAsync();
    await app.DisposeAsync();
    return 1;
}

await app.WaitForShutdownAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program
{
    /// <summary>The command-line switch that turns the demo traffic on.</summary>
    public const string DemoSwitch = "--demo";
}
