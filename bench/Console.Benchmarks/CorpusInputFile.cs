using System.Text.Json;

namespace Console.Benchmarks;

/// <summary>A corpus file, the shipped file input that reads it, and how many events one copy of it makes (the manifest's ground truth).</summary>
internal sealed record CorpusInputFile(string CorpusPath, string Input, long EventsPerCopy, long Bytes)
{
    /// <summary>Corpus file → file input, as tests/Console.Web.Tests/Ingest/CorpusFileIngestTests.cs deploys them, plus the JSON log; and the manifest count that is one event each.</summary>
    private static readonly (string Corpus, string Input, string Truth)[] Layout =
    [
        ("django/thebot.log", "django", "records"),
        ("django/thebot.json.log", "django-json", "records"),
        ("django/requests.log", "requests", "requests"),
        ("django/audit.log", "audit", "lines"),
        ("celery/worker.log", "celery", "records"),
        ("nginx/access.log", "nginx-access", "requests"),
        ("nginx/error.log", "nginx-error", "by_level"),
        ("postgresql/postgresql-15-main.log", "postgresql", "entries"),
        ("redis/redis-server.log", "redis", "lines"),
        ("syslog/syslog", "syslog", "lines"),
    ];

    /// <exception cref="InvalidDataException">manifest.json lacks a file or its count.</exception>
    public static IReadOnlyList<CorpusInputFile> Load(string corpusDirectory)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(corpusDirectory, "manifest.json")));
        var files = manifest.RootElement.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString() ?? string.Empty, StringComparer.Ordinal);
        return Layout.Select(l =>
        {
            if (!files.TryGetValue(l.Corpus, out var file) || !file.GetProperty("ground_truth").TryGetProperty(l.Truth, out var truth))
            {
                throw new InvalidDataException($"manifest.json has no ground_truth.{l.Truth} for {l.Corpus}");
            }

            // nginx's error log has no line count of its own in the truth: every line is one of the levels counted.
            var events = truth.ValueKind == JsonValueKind.Object ? truth.EnumerateObject().Sum(p => p.Value.GetInt64()) : truth.GetInt64();
            return new CorpusInputFile(l.Corpus, l.Input, events, new FileInfo(Path.Combine(corpusDirectory, l.Corpus)).Length);
        }).ToList();
    }
}
