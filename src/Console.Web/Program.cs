using Console.Ingest;
using Console.Shared;
using Console.Web;
using Console.Web.Apis;
using Console.Web.Components;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddPipelineFile();

builder.Services.AddConsoleShared(builder.Configuration);
builder.Services.AddConsoleIngest(builder.Configuration);
builder.Services.AddConsoleWeb();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseElasticsearchRoot();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));
app.MapSearchApi();
app.MapIngestApi();
app.MapIngestStatsApi();
app.MapBulkApi();
app.MapIndicesApi();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
