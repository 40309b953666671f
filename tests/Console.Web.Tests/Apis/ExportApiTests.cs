using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Web.Apis;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Apis;

/// <summary><c>GET /api/export</c>: every hit, across many cursor pages, as NDJSON or CSV.</summary>
public sealed class ExportApiTests : IClassFixture<ConsoleFactory>
{
    private readonly HttpClient _client;

    public ExportApiTests(ConsoleFactory console) => _client = console.CreateClient();

    private async Task IngestAsync(string indexBase, IEnumerable<string> lines)
    {
        using var content = new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");
        var response = await _client.PostAsync(new Uri($"/api/ingest?index={indexBase}&refresh=wait_for", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Ndjson_holds_every_hit_across_cursor_pages_newest_first_with_no_cap()
    {
        var total = (ExportApi.PageSize * 2) + 500;
        var start = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        await IngestAsync("export-all", Enumerable.Range(0, total).Select(i =>
            $$"""{"@timestamp":"{{start.AddSeconds(i):O}}","message":"event {{i}}","seq":{{i}}}"""));

        var response = await _client.GetAsync(new Uri("/api/export?index=export-all-*&from=*&to=*&format=ndjson", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("X-Total-Count")));
        Assert.Contains("attachment; filename=\"export-all-export-", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);

        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var seqs = lines.Select(l => JsonNode.Parse(l)!["seq"]!.GetValue<int>()).ToList();
        Assert.Equal(Enumerable.Range(0, total).Reverse(), seqs);
    }

    [Fact]
    public async Task Csv_has_the_named_columns_quotes_what_needs_it_and_defuses_formulas()
    {
        await IngestAsync("export-csv", [
            """{"@timestamp":"2026-11-23T10:00:00Z","level":"ERROR","message":"boom, with \"quotes\"\nand a second line","http":{"status_code":500},"user_id":"-"}""",
            """{"@timestamp":"2026-11-23T10:00:01Z","level":"INFO","message":"=HYPERLINK(\"http://evil\")","http":{"status_code":200},"user_id":"-12"}""",
        ]);

        var csv = await _client.GetStringAsync(new Uri("/api/export?index=export-csv-*&from=*&to=*&format=csv&columns=log_level,http.status_code,user_id,message", UriKind.Relative));

        Assert.Equal(
            "log_level,http.status_code,user_id,message\n" +
            "INFO,200,-12,\"'=HYPERLINK(\"\"http://evil\"\")\"\n" +
            "ERROR,500,-,\"boom, with \"\"quotes\"\"\nand a second line\"\n",
            csv.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("format=xml", "format must be 'ndjson' or 'csv'")]
    [InlineData("q=log_level:(ERROR%20OR", "position")]
    [InlineData("from=now-banana", "from:")]
    public async Task Bad_parameters_are_a_400_with_the_reason_before_anything_streams(string parameters, string reason)
    {
        var response = await _client.GetAsync(new Uri($"/api/export?index=thebot-logs-*&{parameters}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
