using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// An embedded store holding nginx/access_timed.log, parsed here by a regex of the test's own (not the ingest parser),
/// indexed in four batches in time order so the store has several segments for a time range to cut.
/// </summary>
public sealed partial class NginxCorpusFixture : IAsyncLifetime
{
    public const string File = "nginx/access_timed.log";
    public const string Pattern = "nginx-*";

    public StoreBuilder Builder { get; } = new();

    public LuceneLogStore Store { get; private set; } = null!;

    /// <summary>The file's requests as parsed by the test, the oracle the store's answers are checked against.</summary>
    public List<NginxRequest> Requests { get; } = [];

    public async Task InitializeAsync()
    {
        foreach (var line in await System.IO.File.ReadAllLinesAsync(Corpus.PathOf(File)))
        {
            if (line.Length > 0)
            {
                Requests.Add(Parse(line));
            }
        }

        Store = Builder.Open();
        var chunk = (Requests.Count + 3) / 4;
        for (var i = 0; i < Requests.Count; i += chunk)
        {
            await Builder.IndexAsync(Store, Requests.Skip(i).Take(chunk).Select(ToJson), "nginx");
        }
    }

    public Task DisposeAsync()
    {
        Builder.Dispose();
        return Task.CompletedTask;
    }

    private static NginxRequest Parse(string line)
    {
        var match = LinePattern().Match(line);
        if (!match.Success)
        {
            throw new InvalidOperationException("the test's nginx regex does not match: " + line);
        }

        var time = DateTimeOffset.ParseExact(match.Groups["time"].Value, "dd/MMM/yyyy:HH:mm:ss zzz", CultureInfo.InvariantCulture);
        var upstream = match.Groups["urt"].Value;
        return new NginxRequest(
            time,
            match.Groups["ip"].Value,
            match.Groups["method"].Value,
            int.Parse(match.Groups["status"].Value, CultureInfo.InvariantCulture),
            match.Groups["rt"].Value,
            upstream == "-" ? null : double.Parse(upstream.Split(", ")[^1], CultureInfo.InvariantCulture));
    }

    private static string ToJson(NginxRequest request)
    {
        var json = new JsonObject
        {
            ["@timestamp"] = request.Time.ToString("O", CultureInfo.InvariantCulture),
            ["message"] = $"{request.Method} {request.Status}",
            ["client.ip"] = request.ClientIp,
            ["http.method"] = request.Method,
            ["http.status_code"] = request.Status,
            ["duration_ms"] = request.DurationMs,
            ["request_time"] = request.RequestTime, // a number kept as a string, so the field is a keyword
        };
        if (request.UpstreamSeconds is { } upstream)
        {
            // Seconds as nginx writes them: the first value (0.057) makes the field a double; 57 ms would have made it a long.
            json["nginx.upstream.response_time"] = upstream;
        }

        return json.ToJsonString();
    }

    [GeneratedRegex("""^(?<ip>\S+) \S+ \S+ \[(?<time>[^\]]+)\] "(?<method>[A-Z]+) [^"]*" (?<status>\d{3}) .* rt=(?<rt>[\d.]+) .* urt="(?<urt>[^"]*)" """)]
    private static partial Regex LinePattern();
}

/// <summary>One line of the nginx access log as the test reads it.</summary>
public sealed record NginxRequest(DateTimeOffset Time, string ClientIp, string Method, int Status, string RequestTime, double? UpstreamSeconds)
{
    public double DurationMs => double.Parse(RequestTime, CultureInfo.InvariantCulture) * 1000;
}
