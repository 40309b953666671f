using System.Globalization;
using System.Text.Json;

namespace Console.Web.Demo;

/// <summary>
/// Makes realistic THE_BOT records: Django requests (with their request and user ids, durations, the odd 4xx/5xx and a
/// traceback, and now and then a scanner probing <c>/.env</c> or <c>/wp-login.php</c>), audit events (logins, failed
/// logins), Celery tasks, nginx access lines, PostgreSQL statements (some slow) and errors, Redis saves and cron/sshd lines.
/// Django requests, audit events and PostgreSQL records carry the field names the request-log, audit and PostgreSQL
/// parsers give the same lines read from files (<c>http.status_code</c>, <c>event.action</c>, <c>duration_ms</c>,
/// <c>db.statement</c>, <c>event.dataset</c>), so the built-in dashboards show the demo as they show real logs.
/// Deterministic for a seed, so tests can rely on what it makes.
/// </summary>
public sealed class DemoLogFactory(int seed)
{
    private static readonly string[] Paths = ["/api/lessons/", "/api/lessons/{id}/", "/api/health/", "/api/login/", "/api/users/me/", "/api/bookings/"];
    private static readonly string[] Tasks = ["thebot.tasks.send_reminder", "thebot.tasks.sync_calendar", "thebot.tasks.cleanup_sessions"];
    private static readonly string[] Hosts = ["web-1", "web-2", "worker-1"];
    private static readonly string[] ScannerPaths = ["/.env", "/wp-login.php", "/.git/config", "/phpmyadmin/index.php"];
    private static readonly string[] Statements =
    [
        "SELECT \"api_lesson\".\"id\", \"api_lesson\".\"title\" FROM \"api_lesson\" ORDER BY \"api_lesson\".\"created_at\" DESC LIMIT 20",
        "SELECT \"auth_user\".\"id\" FROM \"auth_user\" WHERE \"auth_user\".\"username\" = $1",
        "UPDATE \"api_booking\" SET \"status\" = $1 WHERE \"api_booking\".\"id\" = $2",
        "SELECT COUNT(*) FROM \"api_booking\" INNER JOIN \"api_lesson\" ON (\"api_booking\".\"lesson_id\" = \"api_lesson\".\"id\")",
        "COMMIT",
    ];

    private readonly Random _random = new(seed);

    /// <summary>The next record, stamped <paramref name="now"/>.</summary>
    public DemoMessage Next(DateTimeOffset now)
    {
        var roll = _random.Next(100);
        return roll switch
        {
            < 40 => DjangoRequest(now),
            < 45 => Audit(now),
            < 60 => CeleryTask(now),
            < 85 => NginxAccess(now),
            < 93 => Postgres(now),
            < 96 => Redis(now),
            _ => System(now),
        };
    }

    private DemoMessage DjangoRequest(DateTimeOffset now)
    {
        var probe = _random.Next(40) == 0;
        var path = probe ? ScannerPaths[_random.Next(ScannerPaths.Length)] : Path();
        var method = path.StartsWith("/api/login", StringComparison.Ordinal) ? "POST" : _random.Next(10) == 0 ? "PUT" : "GET";
        var status = probe ? 404 : Status();
        var clientIp = probe ? $"198.51.100.{_random.Next(1, 6)}" : $"10.0.{_random.Next(4)}.{_random.Next(2, 250)}";
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
                ["user_id"] = probe || _random.Next(3) == 0 ? "-" : _random.Next(1, 61).ToString(CultureInfo.InvariantCulture),
                ["duration_ms"] = duration,
                ["http"] = new Dictionary<string, object?> { ["method"] = method, ["path"] = path, ["status_code"] = status },
                ["client"] = new Dictionary<string, object?> { ["ip"] = clientIp },
                ["event"] = new Dictionary<string, object?> { ["dataset"] = "django.requests" },
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

    private DemoMessage Audit(DateTimeOffset now)
    {
        var roll = _random.Next(20);
        var action = roll < 14 ? "login_success" : roll < 19 ? "login_failed" : "login_denied";
        var user = _random.Next(1, 61);
        var ip = action == "login_success" ? $"10.0.{_random.Next(4)}.{_random.Next(2, 250)}" : $"203.0.113.{_random.Next(1, 12)}";
        var record = new Dictionary<string, object?>
        {
            ["@timestamp"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["level"] = action == "login_success" ? "INFO" : "WARNING",
            ["logger_name"] = "thebot.audit",
            ["host"] = Hosts[_random.Next(2)],
            ["message"] = $"event={action} username=user{user} ip={ip}",
            ["extra"] = new Dictionary<string, object?>
            {
                ["user_id"] = action == "login_success" ? user.ToString(CultureInfo.InvariantCulture) : "-",
                ["user"] = new Dictionary<string, object?> { ["name"] = $"user{user}" },
                ["client"] = new Dictionary<string, object?> { ["ip"] = ip },
                ["event"] = new Dictionary<string, object?> { ["action"] = action, ["dataset"] = "django.audit" },
                ["service"] = "django-backend",
            },
        };
        return new DemoMessage(DemoTransport.JsonLinesTcp, JsonSerializer.Serialize(record));
    }

    /// <summary>A PostgreSQL log entry as the postgresql parser reads it from the server's log file.</summary>
    private DemoMessage Postgres(DateTimeOffset now)
    {
        var failed = _random.Next(6) == 0;
        var duration = Math.Round(0.2 + (Math.Pow(_random.NextDouble(), 8) * 2000), 3);
        var statement = Statements[_random.Next(Statements.Length)];
        var extra = new Dictionary<string, object?>
        {
            ["service"] = "postgresql",
            ["event"] = new Dictionary<string, object?> { ["dataset"] = "postgresql.log" },
            ["postgresql"] = new Dictionary<string, object?> { ["severity"] = failed ? "ERROR" : "LOG" },
            ["db"] = new Dictionary<string, object?> { ["user"] = "thebot", ["name"] = "thebot", ["statement"] = statement },
        };
        if (!failed)
        {
            extra["duration_ms"] = duration;
        }

        var record = new Dictionary<string, object?>
        {
            ["@timestamp"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["level"] = failed ? "ERROR" : "INFO",
            ["logger_name"] = "postgresql",
            ["host"] = "thebot-db",
            ["message"] = failed
                ? "duplicate key value violates unique constraint \"api_booking_pkey\""
                : $"duration: {duration.ToString(CultureInfo.InvariantCulture)} ms  statement: {statement}",
            ["extra"] = extra,
        };
        return new DemoMessage(DemoTransport.JsonLinesTcp, JsonSerializer.Serialize(record));
    }

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
