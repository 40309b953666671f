using System.Net.Http.Json;
using System.Text.Json;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Ingest;

/// <summary>
/// All of ../shared/corpus through the file tailer, with the shipped pipeline.json (its paths moved into a temp
/// folder), into the store: the counts found by query must be the manifest's ground truth.
/// </summary>
public sealed class CorpusFileIngestTests : IClassFixture<CorpusFileIngestTests.CorpusConsole>
{
    private readonly CorpusConsole _console;
    private readonly HttpClient _client;

    public CorpusFileIngestTests(CorpusConsole console)
    {
        _console = console;
        _client = console.CreateClient();
    }

    private async Task<long> Count(string q) =>
        (await _client.GetFromJsonAsync<JsonElement>($"/api/search?from=*&to=*&size=0&index=thebot-logs-*&q={Uri.EscapeDataString(q)}")).GetProperty("total").GetInt64();

    /// <summary>Counts once indexing of the file has settled: the count must reach the expected value within a minute.</summary>
    private Task<long> CountIn(string file, string q, long expected) =>
        Eventually.Get(() => Count($"log.file.path:\"{_console.PathOf(file)}\" AND ({q})"), n => n >= expected, TimeSpan.FromSeconds(240));

    private static JsonElement Truth(string file)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(CorpusConsole.CorpusRoot, "manifest.json")));
        return manifest.RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == file).GetProperty("ground_truth").Clone();
    }

    [Fact]
    public async Task Nginx_requests_by_status_match_the_manifest()
    {
        var truth = Truth("nginx/access.log");
        Assert.Equal(truth.GetProperty("requests").GetInt64(), await CountIn("nginx/access.log", "*", truth.GetProperty("requests").GetInt64()));
        foreach (var status in truth.GetProperty("by_status").EnumerateObject())
        {
            Assert.Equal(status.Value.GetInt64(), await CountIn("nginx/access.log", $"http.status_code:{status.Name}", status.Value.GetInt64()));
        }

        foreach (var method in truth.GetProperty("by_method").EnumerateObject())
        {
            Assert.Equal(method.Value.GetInt64(), await CountIn("nginx/access.log", $"http.method:{method.Name}", method.Value.GetInt64()));
        }
    }

    [Fact]
    public async Task Django_records_by_level_and_one_event_per_traceback()
    {
        var truth = Truth("django/thebot.log");
        Assert.Equal(truth.GetProperty("records").GetInt64(), await CountIn("django/thebot.log", "*", truth.GetProperty("records").GetInt64()));
        foreach (var level in truth.GetProperty("by_level").EnumerateObject())
        {
            Assert.Equal(level.Value.GetInt64(), await CountIn("django/thebot.log", $"log_level:{level.Name}", level.Value.GetInt64()));
        }

        Assert.Equal(truth.GetProperty("records_with_traceback").GetInt64(), await CountIn("django/thebot.log", "_exists_:error.type", 55));
        foreach (var type in truth.GetProperty("traceback_final_exception_type").EnumerateObject())
        {
            Assert.Equal(type.Value.GetInt64(), await CountIn("django/thebot.log", $"error.type:\"{type.Name}\"", type.Value.GetInt64()));
        }
    }

    [Fact]
    public async Task Requests_and_audit_logs_match_the_manifest()
    {
        var requests = Truth("django/requests.log");
        Assert.Equal(requests.GetProperty("requests").GetInt64(), await CountIn("django/requests.log", "*", requests.GetProperty("requests").GetInt64()));
        Assert.Equal(requests.GetProperty("duration_ms_ge_1000").GetInt64(), await CountIn("django/requests.log", "duration_ms:>=1000", 17));

        var audit = Truth("django/audit.log");
        Assert.Equal(audit.GetProperty("lines").GetInt64(), await CountIn("django/audit.log", "*", audit.GetProperty("lines").GetInt64()));
        foreach (var level in audit.GetProperty("by_level").EnumerateObject())
        {
            Assert.Equal(level.Value.GetInt64(), await CountIn("django/audit.log", $"log_level:{level.Name}", level.Value.GetInt64()));
        }
    }

    [Fact]
    public async Task Postgresql_error_lines_and_slow_statements_match_the_manifest()
    {
        var truth = Truth("postgresql/postgresql-15-main.log");
        Assert.Equal(truth.GetProperty("entries").GetInt64(), await CountIn("postgresql/postgresql-15-main.log", "*", truth.GetProperty("entries").GetInt64()));
        Assert.Equal(truth.GetProperty("error_lines").GetInt64(), await CountIn("postgresql/postgresql-15-main.log", "log_level:ERROR", 43));
        Assert.Equal(truth.GetProperty("fatal_lines").GetInt64(), await CountIn("postgresql/postgresql-15-main.log", "log_level:CRITICAL", 4));
        Assert.Equal(truth.GetProperty("statements_over_threshold").GetInt64(), await CountIn("postgresql/postgresql-15-main.log", "duration_ms:>250", 47));
    }

    [Fact]
    public async Task Celery_tasks_match_the_manifest()
    {
        var truth = Truth("celery/worker.log");
        Assert.Equal(truth.GetProperty("records").GetInt64(), await CountIn("celery/worker.log", "*", truth.GetProperty("records").GetInt64()));
        Assert.Equal(66, await CountIn("celery/worker.log", "celery.task.state:received", 66));
        Assert.Equal(62, await CountIn("celery/worker.log", "celery.task.state:succeeded", 62));
        Assert.Equal(3, await CountIn("celery/worker.log", "celery.task.state:retry", 3));
        Assert.Equal(1, await CountIn("celery/worker.log", "celery.task.state:failed", 1));
        Assert.Equal(66, truth.GetProperty("tasks_received").EnumerateObject().Sum(p => p.Value.GetInt64()));
    }

    [Fact]
    public async Task Syslog_redis_and_nginx_error_lines_are_all_there()
    {
        Assert.Equal(Truth("syslog/syslog").GetProperty("lines").GetInt64(), await CountIn("syslog/syslog", "*", 1198));
        Assert.Equal(Truth("redis/redis-server.log").GetProperty("lines").GetInt64(), await CountIn("redis/redis-server.log", "*", 78));
        var errors = Truth("nginx/error.log").GetProperty("by_level");
        Assert.Equal(errors.GetProperty("error").GetInt64(), await CountIn("nginx/error.log", "log_level:ERROR", 40));
        Assert.Equal(errors.GetProperty("warn").GetInt64(), await CountIn("nginx/error.log", "log_level:WARNING", 11));
    }

    [Fact]
    public async Task Nothing_failed_to_parse_and_nothing_was_rejected()
    {
        await CountIn("postgresql/postgresql-15-main.log", "*", 30813);
        Assert.Equal(0, await Count("tags:_grokparsefailure OR tags:_groktimeout OR tags:_syslogparsefailure"));
        var stats = await _client.GetFromJsonAsync<JsonElement>("/api/ingest/stats");
        foreach (var input in stats.GetProperty("inputs").EnumerateObject().Where(i => i.Name.StartsWith("file:", StringComparison.Ordinal)))
        {
            Assert.Equal(0, input.Value.GetProperty("failed").GetInt64());
            Assert.Equal(0, input.Value.GetProperty("rejected").GetInt64());
        }
    }

    /// <summary>A console whose pipeline file is the shipped one with /backend/logs and /var/log moved into a temp folder holding the corpus.</summary>
    public sealed class CorpusConsole : ConsoleFactory
    {
        private static readonly (string Corpus, string Deployed)[] Layout =
        [
            ("django/thebot.log", "backend/logs/django.log"),
            ("django/requests.log", "backend/logs/requests.log"),
            ("django/audit.log", "backend/logs/audit.log"),
            ("celery/worker.log", "backend/logs/celery.log"),
            ("nginx/access.log", "var/log/nginx/access.log"),
            ("nginx/error.log", "var/log/nginx/error.log"),
            ("postgresql/postgresql-15-main.log", "var/log/postgresql/postgresql-15-main.log"),
            ("redis/redis-server.log", "var/log/redis/redis-server.log"),
            ("syslog/syslog", "var/log/syslog"),
        ];

        private readonly string _root = Path.Combine(Path.GetTempPath(), "corpus-ingest-" + Guid.NewGuid().ToString("N"));

        public CorpusConsole()
        {
            foreach (var (corpus, deployed) in Layout)
            {
                var target = Path.Combine(_root, deployed);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Path.Combine(CorpusRoot, corpus), target);
            }

            var shipped = File.ReadAllText(Path.Combine(RepositoryRoot, "src", "Console.Web", "pipeline.json"));
            var pipeline = Path.Combine(_root, "pipeline.json");
            File.WriteAllText(pipeline, shipped
                .Replace("\"/backend/logs/", $"\"{_root}/backend/logs/", StringComparison.Ordinal)
                .Replace("\"/var/log/", $"\"{_root}/var/log/", StringComparison.Ordinal));
            Settings["Ingest:PipelineFile"] = pipeline;
            Settings["Ingest:Files:Enabled"] = "true";
            Settings["Ingest:Files:ScanInterval"] = "00:00:00.200";
        }

        public static string RepositoryRoot { get; } = FindUp("Console.sln");

        public static string CorpusRoot { get; } = Path.Combine(Path.GetDirectoryName(RepositoryRoot)!, "shared", "corpus");

        /// <summary>Where a corpus file was deployed for the tailer.</summary>
        public string PathOf(string corpusFile) => Path.Combine(_root, Layout.Single(l => l.Corpus == corpusFile).Deployed);

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing && Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }
        }

        private static string FindUp(string file)
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, file)))
                {
                    return dir.FullName;
                }
            }

            throw new FileNotFoundException(file + " not found above " + AppContext.BaseDirectory);
        }
    }
}
