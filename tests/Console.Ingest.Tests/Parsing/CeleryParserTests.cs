using Console.Ingest.Parsing;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Parsing;

public class CeleryParserTests
{
    private static ILogParser Parser => TestParsers.Default.Get("celery");

    private static List<string> Records() => Corpus.Events("celery/worker.log", line => line.StartsWith("[20", StringComparison.Ordinal));

    [Fact]
    public void A_received_task_gives_name_id_state_and_process()
    {
        const string line = "[2026-11-23 23:14:46,220: INFO/MainProcess] Task api.tasks.notify_lesson_created[b8f4838e-c3d4-4b86-8b03-265bfe52c1a0] received";

        var fields = Parser.Parse(line);

        Assert.Equal("2026-11-23T23:14:46.220Z", fields.Text("@timestamp"));
        Assert.Equal("INFO", fields.Text("log_level"));
        Assert.Equal("MainProcess", fields.Text("process.name"));
        Assert.Equal("api.tasks.notify_lesson_created", fields.Text("celery.task.name"));
        Assert.Equal("b8f4838e-c3d4-4b86-8b03-265bfe52c1a0", fields.Text("celery.task.id"));
        Assert.Equal("received", fields.Text("celery.task.state"));
        Assert.Equal("Task api.tasks.notify_lesson_created[b8f4838e-c3d4-4b86-8b03-265bfe52c1a0] received", fields.Text("message"));
        Assert.Equal("celery-worker", fields.Text("service"));
    }

    [Fact]
    public void A_success_gives_the_run_time_and_result()
    {
        var fields = Parser.Parse("[2026-11-23 23:14:46,285: INFO/ForkPoolWorker-2] Task api.tasks.notify_lesson_created[b8f4838e-c3d4-4b86-8b03-265bfe52c1a0] succeeded in 0.05867126799989819s: 301");

        Assert.Equal("succeeded", fields.Text("celery.task.state"));
        Assert.Equal(58.671, fields.Number("duration_ms"));
        Assert.Equal("301", fields.Text("celery.task.result"));
    }

    [Fact]
    public void A_retry_gives_the_exception()
    {
        var fields = Parser.Parse("[2026-11-23 23:14:47,843: INFO/ForkPoolWorker-2] Task api.tasks.sync_calendar[750ad9fb-f7ff-4409-8356-e1b659049357] retry: Retry in 1s: ConnectionError('calendar provider timed out for user 55')");

        Assert.Equal("retry", fields.Text("celery.task.state"));
        Assert.Equal("ConnectionError", fields.Text("error.type"));
        Assert.Equal("Retry in 1s: ConnectionError('calendar provider timed out for user 55')", fields.Text("error.message"));
    }

    [Fact]
    public void A_task_log_line_names_its_task()
    {
        var fields = Parser.Parse("[2026-11-23 23:14:47,819: INFO/ForkPoolWorker-2] api.tasks.sync_calendar[750ad9fb-f7ff-4409-8356-e1b659049357]: Syncing calendar for user 55 (attempt 1)");

        Assert.Equal("api.tasks.sync_calendar", fields.Text("celery.task.name"));
        Assert.Null(fields.Field("celery.task.state"));
    }

    [Fact]
    public void A_failure_with_its_traceback_takes_the_real_exception_from_the_traceback()
    {
        var failure = Records().Single(r => r.Contains("raised unexpected", StringComparison.Ordinal));

        var fields = Parser.Parse(failure);

        Assert.Equal("ERROR", fields.Text("log_level"));
        Assert.Equal("failed", fields.Text("celery.task.state"));
        Assert.Equal("ConnectionError", fields.Text("error.type"));
        Assert.StartsWith("calendar provider timed out for user 47", fields.Text("error.message"), StringComparison.Ordinal);
        Assert.Equal("Task api.tasks.sync_calendar[8d262a46-1673-4aed-be1f-647d7ffb84fe] raised unexpected: ExceptionWithTraceback()", fields.Text("message"));
        Assert.StartsWith("Traceback (most recent call last):", fields.Text("error.stack_trace"), StringComparison.Ordinal);
    }

    [Fact]
    public void Corpus_every_record_parses_and_task_events_match_the_manifest()
    {
        var truth = Corpus.Truth("celery/worker.log");

        var run = CorpusRun.Of(Parser, Records());

        Assert.Empty(run.Failed);
        Assert.Equal(truth.GetProperty("records").GetInt64(), run.Parsed.Count);
        Assert.Equal(truth.GetProperty("by_level").Counts(), run.CountBy(e => e.Text("log_level")));
        Assert.Equal(truth.GetProperty("by_process").Counts(), run.CountBy(e => e.Text("process.name")));
        Assert.Equal(truth.GetProperty("tasks_received").Counts(), TasksIn(run, "received"));
        Assert.Equal(truth.GetProperty("tasks_succeeded").Counts(), TasksIn(run, "succeeded"));
        Assert.Equal(truth.GetProperty("tasks_retried").Counts(), TasksIn(run, "retry"));
        Assert.Equal(truth.GetProperty("tasks_failed").Counts(), TasksIn(run, "failed"));
        Assert.Equal(truth.GetProperty("distinct_task_ids").GetInt64(), run.CountBy(e => e.Text("celery.task.id")).Count);
    }

    [Fact]
    public void Corpus_task_totals_match_the_manifest_summary()
    {
        var celery = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Corpus.PathOf("manifest.json"))).RootElement.GetProperty("summary").GetProperty("celery");

        var states = CorpusRun.Of(Parser, Records()).CountBy(e => e.Text("celery.task.state"));

        Assert.Equal(celery.GetProperty("received").GetInt64(), states["received"]);
        Assert.Equal(celery.GetProperty("succeeded").GetInt64(), states["succeeded"]);
        Assert.Equal(celery.GetProperty("retried").GetInt64(), states["retry"]);
        Assert.Equal(celery.GetProperty("failed").GetInt64(), states["failed"]);
    }

    private static Dictionary<string, long> TasksIn(CorpusRun run, string state) =>
        run.CountBy(e => e.Text("celery.task.state") == state ? e.Text("celery.task.name") : null);
}
