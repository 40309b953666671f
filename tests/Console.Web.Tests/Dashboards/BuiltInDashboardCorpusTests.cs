using System.Text.Json;
using Console.Shared.Storage;
using Console.Web.Dashboards;
using Console.Web.Tests.Ingest;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Dashboards;

/// <summary>The built-in Application dashboard's error rate over the whole corpus, read by the shipped pipeline: the manifest's 5xx share of the request log.</summary>
public sealed class BuiltInDashboardCorpusTests(CorpusFileIngestTests.CorpusConsole console) : IClassFixture<CorpusFileIngestTests.CorpusConsole>
{
    // The corpus was written on 2026-11-23 between about 23:14 and 23:50 UTC.
    private const string From = "2026-11-23T23:00:00Z";
    private const string To = "2026-11-24T00:00:00Z";

    private static JsonElement Truth(string file)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(CorpusFileIngestTests.CorpusConsole.CorpusRoot, "manifest.json")));
        return manifest.RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == file).GetProperty("ground_truth").Clone();
    }

    [Fact]
    public async Task The_application_error_rate_is_the_manifests_share_of_5xx_requests()
    {
        var truth = Truth("django/requests.log");
        var requests = truth.GetProperty("requests").GetInt64();
        var byStatus = truth.GetProperty("by_status");
        var serverErrors = byStatus.EnumerateObject().Where(s => s.Name.StartsWith('5')).Sum(s => s.Value.GetInt64());
        var panel = BuiltInDashboards.All[BuiltInDashboards.ApplicationKey].Panels.Single(p => p.IsRatio);
        var store = console.Services.GetRequiredService<ILogStore>();
        var requestLog = new LogQuery(panel.Index, $"log.file.path:\"{console.PathOf("django/requests.log")}\"", null, null);
        // The whole corpus goes through the tailer first; on a busy machine that takes minutes.
        Assert.Equal(requests, await Eventually.Get(() => store.CountAsync(requestLog), n => n >= requests, TimeSpan.FromMinutes(5)));

        await using var scope = console.Services.CreateAsyncScope();
        var data = await scope.ServiceProvider.GetRequiredService<PanelDataService>().LoadAsync(panel, From, To, CancellationToken.None);

        Assert.Equal(requests, data.Total);
        Assert.Equal(100.0 * serverErrors / requests, data.Value!.Value, precision: 9);
        Assert.NotEmpty(data.Series);
        var points = data.Series.SelectMany(s => s.Values).OfType<double>().ToList();
        Assert.NotEmpty(points);
        Assert.All(points, v => Assert.InRange(v, 0, 100));
        Assert.Contains(points, v => v > 0);
    }
}
