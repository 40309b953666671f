using Console.Ingest.Parsing;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Parsing;

public class GunicornParserTests
{
    private static ILogParser Parser => TestParsers.Default.Get("gunicorn");

    [Fact]
    public void A_line_gives_time_pid_level_and_message()
    {
        const string line = "[2026-11-23 23:14:44 +0000] [23688] [INFO] Booting worker with pid: 23688";

        var fields = Parser.Parse(line);

        Assert.Equal("2026-11-23T23:14:44.000Z", fields.Text("@timestamp"));
        Assert.Equal(23688, fields.Long("process.pid"));
        Assert.Equal("INFO", fields.Text("log_level"));
        Assert.Equal("Booting worker with pid: 23688", fields.Text("message"));
        Assert.Equal("gunicorn", fields.Text("service"));
    }

    [Fact]
    public void A_worker_traceback_gives_the_error_type()
    {
        var fields = Parser.Parse("[2026-11-23 23:15:00 +0100] [23688] [ERROR] Exception in worker process\nTraceback (most recent call last):\n  File \"/usr/lib/python3/dist-packages/gunicorn/arbiter.py\", line 589, in spawn_worker\n    worker.init_process()\nModuleNotFoundError: No module named 'thebot'");

        Assert.Equal("2026-11-23T22:15:00.000Z", fields.Text("@timestamp"));
        Assert.Equal("ERROR", fields.Text("log_level"));
        Assert.Equal("Exception in worker process", fields.Text("message"));
        Assert.Equal("ModuleNotFoundError", fields.Text("error.type"));
        Assert.Equal("No module named 'thebot'", fields.Text("error.message"));
    }

    [Fact]
    public void Corpus_every_line_parses_and_levels_match_the_manifest()
    {
        var truth = Corpus.Truth("gunicorn/error.log");

        var run = CorpusRun.OfLines(Parser, "gunicorn/error.log");

        Assert.Empty(run.Failed);
        Assert.Equal(truth.GetProperty("lines").GetInt64(), run.Parsed.Count);
        Assert.Equal(truth.GetProperty("by_level").Counts(), run.CountBy(e => e.Text("log_level")));
    }
}
