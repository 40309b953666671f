using System.Net.Http.Json;
using System.Text.Json;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Demo;

/// <summary>With Demo:Enabled the console feeds itself through its real receivers, and the records are parsed cleanly.</summary>
public sealed class DemoTrafficTests : IDisposable
{
    private readonly ConsoleFactory _console = new();

    public DemoTrafficTests()
    {
        _console.Settings["Demo:Enabled"] = "true";
        _console.Settings["Demo:EventsPerSecond"] = "300";
    }

    public void Dispose() => _console.Dispose();

    [Fact]
    public async Task Demo_records_arrive_through_the_tcp_and_syslog_receivers_and_parse_cleanly()
    {
        using var client = _console.CreateClient();
        async Task<long> Count(string q) =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/search?index=thebot-logs-*&from=*&to=*&size=0&q={Uri.EscapeDataString(q)}")).GetProperty("total").GetInt64();

        // The console's clock is fixed for the tests, so the records carry that time; no time range is needed.
        Assert.True(await Eventually.Get(() => Count("service:django-backend"), n => n > 0, TimeSpan.FromSeconds(30)) > 0);
        Assert.True(await Eventually.Get(() => Count("service:nginx"), n => n > 0, TimeSpan.FromSeconds(30)) > 0);
        Assert.True(await Eventually.Get(() => Count("service:postgresql"), n => n > 0, TimeSpan.FromSeconds(30)) > 0);
        Assert.Equal(0, await Count("tags:_grokparsefailure OR tags:_syslogparsefailure OR tags:_jsonparsefailure"));

        var stats = await client.GetFromJsonAsync<JsonElement>("/api/ingest/stats");
        Assert.True(stats.GetProperty("inputs").GetProperty("tcp-json").GetProperty("received").GetInt64() > 0);
        Assert.True(stats.GetProperty("inputs").GetProperty("syslog-udp").GetProperty("received").GetInt64() > 0);
        Assert.Equal(0, stats.GetProperty("inputs").GetProperty("tcp-json").GetProperty("rejected").GetInt64());
    }

    [Fact]
    public async Task The_page_says_the_demo_traffic_is_on()
    {
        using var client = _console.CreateClient();
        var html = await client.GetStringAsync(new Uri("/indices", UriKind.Relative));
        Assert.Contains("Demo traffic on", html, StringComparison.Ordinal);

        using var quiet = new ConsoleFactory();
        using var quietClient = quiet.CreateClient();
        Assert.DoesNotContain("Demo traffic on", await quietClient.GetStringAsync(new Uri("/indices", UriKind.Relative)), StringComparison.Ordinal);
    }
}
