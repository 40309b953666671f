using Console.Ingest;
using Console.Shared;
using Console.Web;
using Console.Web.Apis;
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
}

builder.Services.AddConsoleShared(builder.Configuration);
builder.Services.AddConsoleIngest(builder.Configuration);
builder.Services.AddConsoleWeb(builder.Configuration);

var app = builder.Build();

// A database that cannot be used ends the start here, before anything listens: one log line, exit code 1.
if (!await app.Services.GetRequiredService<ConsoleDatabaseInitializer>().TryPrepareAsync())
{
    await app.DisposeAsync(); // flushes the log line
    return 1;
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseElasticsearchRoot();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));
app.MapSearchApi();
app.MapAggregateApi();
app.MapIngestApi();
app.MapIngestStatsApi();
app.MapBulkApi();
app.MapIndicesApi();
app.MapLifecycleApi();
app.MapSnapshotsApi();
app.MapHealthApi();
app.MapExportApi();
app.MapSavedSearchesApi();
app.MapAlertsApi();
app.MapHub<Console.Web.Tail.TailHub>(Console.Web.Tail.TailHub.Path);
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program
{
    /// <summary>The command-line switch that turns the demo traffic on.</summary>
    public const string DemoSwitch = "--demo";
}
