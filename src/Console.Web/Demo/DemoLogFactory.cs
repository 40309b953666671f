using System.Globalization;
using System.Text.Json;

namespace Console.Web.Demo;

/// <summary>
/// Makes realistic THE_BOT records: Django requests (with their request and user ids, durations, the odd 4xx/5xx and a
/// traceback), Celery tasks, nginx access lines, PostgreSQL slow statements and errors, Redis saves and cron/sshd lines.
/// Deterministic for a seed, so tests can rely on what it makes.
/// </summary>
public sealed class DemoLogFactory(int seed)
{
    private static readonly string[] Paths = ["/api/lessons/", "/api/lessons/{id}/", "/api/health/", "/api/login/", "/api/users/me/", "/api/bookings/"];
    private static readonly string[] Tasks = ["thebot.tasks.send_reminder", "thebot.tasks.sync_calendar", "thebot.tasks.cleanup_sessions"];
    private static readonly string[] Hosts = ["web-1", "web-2", "worker-1"];

    private readonly Random _random = new(seed);

    /// <summary>The next record, stamped <paramref name="now"/>.</summary>
    public DemoMessage Next(DateTimeOffset now)
    {
        var roll = _random.Next(100);
        return roll switch
        {
            < 45 => DjangoRequest(now),
            < 60 => CeleryTask(now),
            < 85 => NginxAccess(now),
            < 93 => Postgres(now),
            < 96 => Redis(now),
            _ => System(now),
        };
    }

    private DemoMessage DjangoRequest(DateTimeOffset now)
    {
        var path = Path();
        var method = path.StartsWith("/api/login", StringComparison.Ordinal) ? "POST" : _random.Next(10) == 0 ? "PUT" : "GET";
        var status = Status();
        var duration = Math.Round(5 + (_random.NextDouble() * _random.NextDouble() * 1500), 1);
        var level = status >= 500 ? "ERROR" : status >= 400 ? "WARNING" : _random.Next(20) == 0 ? "DEBUG" : "INFO";
        var record = new Dictionary<string, object?>
        {
            ["@timestamp"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["@version"] = "1",
            ["level"] = level,
            ["logger_name"] = status >= 500 ? "django.request" : "thebot.http",
            ["host"] = Hosts[_random.Next(2)],
            ["type"] = "python-logstash",
            ["message"] = status >= 500 ? $"Internal Server Error: {path}" : $"{method} {path} {status}",
            ["extra"] = new Dictionary<string, object?>
            {
                ["request_id"] = RandomId().ToString("N"),
                ["user_id"] = _random.Next(3) == 0 ? "-" : _random.Next(1, 61).ToString(CultureInfo.InvariantCulture),
                ["duration_ms"] = duration,
                ["status"] = status,
                ["method"] = method,
                ["path"] = path,
                ["service"] = "django-backend",
            },
        };
        if (status >= 500)
        {
            record["stack_trace"] = "Traceback (most recent call last):\n  File \"/app/thebot/views.py\", line 88, in lesson_detail\n" +
                                    "    lesson = Lesson.objects.get(pk=pk)\nthebot.models.Lesson.DoesNotExist: Lesson matching query does not exist.";
        }

        return new DemoMessage(DemoTransport.JsonLinesTcp, JsonSerializer.Serialize(record));
    }

    private DemoMessage CeleryTask(DateTimeOffset now)
    {
        var task = Tasks[_random.Next(Tasks.Length)];
        var failed = _random.Next(25) == 0;
        var runtime = Math.Round(_random.NextDouble() * 4, 3);
        var record = new Dictionary<string, object?>
        {
            ["@timestamp"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["level"] = failed ? "ERROR" : "INFO",
            ["logger_name"] = "celery.app.trace",
            ["host"] = "worker-1",
            ["message"] = failed
                ? $"Task {task}[{RandomId()}] raised unexpected: ConnectionError('calendar API timed out')"
                : $"Task {task}[{RandomId()}] succeeded in {runtime.ToString(CultureInfo.InvariantCulture)}s: None",
            ["extra"] = new Dictionary<string, object?> { ["task_name"] = task, ["service"] = "celery-worker", ["runtime_s"] = runtime },
        };
        return new DemoMessage(DemoTransport.JsonLinesTcp, JsonSerializer.Serialize(record));
    }

    private DemoMessage NginxAccess(DateTimeOffset now)
    {
        var status = Status();
        var path = Path();
        var clock = now.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture);
        var line = $"10.0.{_random.Next(4)}.{_random.Next(2, 250)} - - [{clock}] \"GET {path} HTTP/1.1\" {status} {_random.Next(200, 9000)} \"-\" \"Mozilla/5.0\"";
        return Syslog(now, 6, "web-1", "nginx", line, facility: 23);
    }

    private DemoMessage Postgres(DateTimeOffset now) => _random.Next(6) == 0
        ? Syslog(now, 3, "thebot-db", "postgres", "[2200] ERROR:  duplicate key value violates unique constraint \"api_booking_pkey\"", facility: 16)
        : Syslog(now, 6, "thebot-db", "postgres", $"[2200] LOG:  duration: {Math.Round(_random.NextDouble() * 900, 3).ToString(CultureInfo.InvariantCulture)} ms  statement: SELECT * FROM api_lesson WHERE id = {_random.Next(1, 300)}", facility: 16);

    private DemoMessage Redis(DateTimeOffset now) =>
        Syslog(now, 5, "thebot-cache", "redis-server", "DB saved on disk", facility: 16);

    private DemoMessage System(DateTimeOffset now) => _random.Next(2) == 0
        ? Syslog(now, 6, "web-1", "CRON", "(root) CMD (/usr/local/bin/thebot-backup.sh)", facility: 9)
        : Syslog(now, 4, "web-1", "sshd", $"Failed password for invalid user admin from 203.0.113.{_random.Next(1, 250)} port 22 ssh2", facility: 4);

    /// <summary>An RFC 5424 line: &lt;PRI&gt;1 TIMESTAMP HOST APP PROCID - - MSG.</summary>
    private static DemoMessage Syslog(DateTimeOffset now, int severity, string host, string app, string message, int facility) =>
        new(DemoTransport.SyslogUdp, $"<{(facility * 8) + severity}>1 {now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {host} {app} {Environment.ProcessId} - - {message}");

    private Guid RandomId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private string Path()
    {
        var path = Paths[_random.Next(Paths.Length)];
        return path.Replace("{id}", _random.Next(1, 300).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private int Status() => _random.Next(100) switch
    {
        < 2 => 500,
        < 4 => 404,
        < 6 => 403,
        < 8 => 302,
        _ => 200,
    };
}
