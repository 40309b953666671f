using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Console.Ingest.Parsing.Grok;

namespace Console.Ingest.Parsing;

/// <summary>
/// A Celery worker's log: <c>[2026-11-23 23:14:44,988: INFO/MainProcess] message</c>, a traceback possibly following.
/// Task events give <c>celery.task.name</c>, <c>celery.task.id</c> and <c>celery.task.state</c> (received, succeeded,
/// retry, failed), a success's run time <c>duration_ms</c>, a retry's or failure's exception <c>error.type</c>.
/// </summary>
internal sealed class CeleryParser : GrokLogParser
{
    public const string ParserName = "celery";

    private readonly GrokField _level;
    private readonly GrokField _message;
    private readonly GrokExpression _task;
    private readonly GrokField _state;
    private readonly GrokField _runtime;
    private readonly PythonTraceback _traceback;

    public CeleryParser(GrokPatternLibrary patterns, TimeSpan matchTimeout)
        : base(ParserName, "celery-worker", "celery.worker", patterns.Compile("%{CELERY_LOG}", matchTimeout, [TimestampCapture, LevelCapture]))
    {
        _level = Line.Field(LevelCapture);
        _message = Line.Field("message");
        _task = patterns.Compile("%{CELERY_TASK_MESSAGE}", matchTimeout, ["task_state", "task_runtime"]);
        _state = _task.Field("task_state");
        _runtime = _task.Field("task_runtime");
        _traceback = new PythonTraceback(patterns, matchTimeout);
    }

    protected override ParseOutcome Complete(string raw, Match match, JsonObject fields)
    {
        SetLevel(fields, _level, match);
        var message = _message.Group(match);
        var outcome = ApplyWithin(_task, raw, message, fields, out var task);
        if (outcome == ParseOutcome.TimedOut)
        {
            return EventFields.Fail(fields, outcome);
        }

        if (outcome == ParseOutcome.Parsed && _state.TryGetSpan(task, out var state))
        {
            EventFields.Set(fields, "celery", "task", "state", state switch
            {
                "received" => "received",
                "succeeded" => "succeeded",
                "retry" => "retry",
                _ => "failed",
            });
            if (_runtime.TryGetSpan(task, out var runtime) && double.TryParse(runtime, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                fields["duration_ms"] = Math.Round(seconds * 1000, 3);
            }
        }

        // After the task line, so a traceback's final exception (the real cause) wins over the wrapper the line names.
        return _traceback.Apply(raw, message, fields);
    }
}
