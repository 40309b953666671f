using Console.Shared.Storage;

namespace Console.Web.Dashboards;

/// <summary>
/// The dashboards shipped with the console, by key. Their queries use the fields the pipeline's parsers give the
/// platform's logs (and that the demo traffic sends): Django's request log (<c>event.dataset:django.requests</c>:
/// <c>http.status_code</c>, <c>http.path</c>, <c>duration_ms</c>, <c>user_id</c>), its audit log
/// (<c>event.dataset:django.audit</c>: <c>event.action</c>, <c>client.ip</c>), PostgreSQL's log (<c>service:postgresql</c>:
/// <c>duration_ms</c>, <c>db.statement</c>) and the host metrics in <c>metrics-*</c>. Requests are counted once, from the
/// request log, although nginx's access log and Django's own log describe them too.
/// </summary>
public static class BuiltInDashboards
{
    public const string SystemHealthKey = "system-health";
    public const string ApplicationKey = "application";
    public const string DatabaseKey = "database";
    public const string SecurityKey = "security-events";
    public const string UserActivityKey = "user-activity";

    private const string Requests = "event.dataset:django.requests";
    private const string ServerErrors = "http.status_code:>=500";
    private const string Postgres = "service:(postgresql OR postgres)";
    private const string FailedLogins = "event.action:(login_failed OR login_denied) OR (service:sshd AND message:\"Failed password\")";
    private const string ScannerPaths = Requests + " AND http.path:(\"/.env\" OR \"/wp-login.php\" OR \"/.git/config\" OR \"/phpmyadmin/index.php\" OR \"/admin/config.php\" OR \"/xmlrpc.php\")";
    // The request-log parser leaves out a "-" user; JSON senders keep it.
    private const string AnonymousRequests = Requests + " AND (user_id:\"-\" OR (NOT _exists_:user_id))";
    private const string SignedInRequests = Requests + " AND _exists_:user_id AND NOT user_id:\"-\"";

    public static IReadOnlyDictionary<string, BuiltInDashboard> All { get; } = new Dictionary<string, BuiltInDashboard>(StringComparer.Ordinal)
    {
        [SystemHealthKey] = new(
            "System health",
            "CPU, memory, load, disk and network of the machines that send host metrics (metrics-*), per host.",
            "now-1h", "now", 30,
            [
                Metric("CPU used (all cores)", PanelType.TimeSeries, "metricset.name:cpu", MetricKind.Avg, "system.cpu.total.pct", split: "host.name", width: 6),
                Metric("Memory used", PanelType.TimeSeries, "metricset.name:memory", MetricKind.Avg, "system.memory.actual.used.pct", split: "host.name", width: 6),
                Metric("Load (1 min, per core)", PanelType.TimeSeries, "metricset.name:load", MetricKind.Avg, "system.load.norm.1", split: "host.name", width: 4),
                Metric("Disk used by mount point", PanelType.Bar, "metricset.name:filesystem", MetricKind.Max, "system.filesystem.used.pct", split: "system.filesystem.mount_point", size: 10, width: 4),
                Metric("Latest CPU used", PanelType.SingleStat, "metricset.name:cpu", MetricKind.Max, "system.cpu.total.pct", width: 4),
                Metric("Disk busy", PanelType.TimeSeries, "metricset.name:diskio", MetricKind.Avg, "system.diskio.io.busy_pct", split: "system.diskio.name", width: 6),
                Metric("Network received (bytes/s)", PanelType.TimeSeries, "metricset.name:network", MetricKind.Sum, "system.network.in.bytes_per_sec", split: "system.network.name", width: 6),
            ]),
        [ApplicationKey] = new(
            "Application",
            "Django requests over time by status class, errors by service, latency percentiles and the busiest endpoints.",
            "now-24h", "now", 30,
            [
                Count("Requests", PanelType.SingleStat, Requests, width: 3),
                Count("Server errors (5xx)", PanelType.SingleStat, Requests + " AND " + ServerErrors, width: 3),
                Metric("Average response time (ms)", PanelType.SingleStat, Requests, MetricKind.Avg, "duration_ms", width: 3),
                Count("Requests over 1 s", PanelType.SingleStat, Requests + " AND duration_ms:>=1000", width: 3),
                Count("Requests by status class", PanelType.TimeSeries, Requests, split: "http.status_code", splitInterval: 100, width: 8),
                Count("Errors by service", PanelType.Donut, "log_level:(ERROR OR CRITICAL)", split: "service", width: 4),
                Metric("Response time p50 / p95 / p99 (ms)", PanelType.Percentiles, Requests, MetricKind.Percentiles, "duration_ms", width: 6),
                Count("Errors over time by service", PanelType.TimeSeries, "log_level:(ERROR OR CRITICAL)", split: "service", width: 6),
                Ratio("Error rate by service (% of requests with 5xx)", PanelType.TimeSeries, Requests, ServerErrors, split: "service", width: 6),
                Count("Top endpoints", PanelType.Bar, Requests, split: "http.path", size: 10, width: 6),
                Table("Latest errors", "log_level:(ERROR OR CRITICAL)", ["log_level", "service", "logger", "message"], width: 12),
            ]),
        [DatabaseKey] = new(
            "Database",
            "PostgreSQL errors, statements slower than 250 ms, and the statements that are slow most often.",
            "now-24h", "now", 30,
            [
                Count("PostgreSQL errors", PanelType.SingleStat, Postgres + " AND log_level:(ERROR OR CRITICAL)", width: 3),
                Count("Slow statements (> 250 ms)", PanelType.SingleStat, Postgres + " AND duration_ms:>250", width: 3),
                Metric("Slowest statement (ms)", PanelType.SingleStat, Postgres, MetricKind.Max, "duration_ms", width: 3),
                Count("Statements", PanelType.SingleStat, Postgres + " AND _exists_:duration_ms", width: 3),
                Count("Errors over time", PanelType.TimeSeries, Postgres + " AND log_level:(ERROR OR CRITICAL)", split: "log_level", width: 6),
                Count("Slow statements over time", PanelType.TimeSeries, Postgres + " AND duration_ms:>250", width: 6),
                Metric("Top slow queries (longest run, ms)", PanelType.Bar, Postgres + " AND duration_ms:>250", MetricKind.Max, "duration_ms", split: "db.statement", size: 10, width: 6),
                Metric("Statement time p50 / p95 / p99 (ms)", PanelType.Percentiles, Postgres + " AND _exists_:duration_ms", MetricKind.Percentiles, "duration_ms", width: 6),
                Table("Latest errors", Postgres + " AND log_level:(ERROR OR CRITICAL)", ["log_level", "db.user", "message"], width: 6),
                Table("Latest slow statements", Postgres + " AND duration_ms:>250", ["duration_ms", "db.user", "message"], width: 6),
            ]),
        [SecurityKey] = new(
            "Security events",
            "Failed logins over time and where they come from, scanners probing for /.env or wp-login.php, and the audit trail.",
            "now-24h", "now", 30,
            [
                Count("Failed logins", PanelType.SingleStat, FailedLogins, width: 4),
                Count("Scanner probes", PanelType.SingleStat, ScannerPaths, width: 4),
                Metric("Source IPs of failed logins", PanelType.SingleStat, FailedLogins, MetricKind.Cardinality, "client.ip", width: 4),
                Count("Failed logins over time", PanelType.TimeSeries, FailedLogins, split: "service", width: 8),
                Count("Top source IPs of failed logins", PanelType.Bar, FailedLogins, split: "client.ip", size: 10, width: 4),
                Count("Scanner probes by path", PanelType.Bar, ScannerPaths, split: "http.path", size: 10, width: 6),
                Count("Audit events by action", PanelType.Donut, "event.dataset:django.audit", split: "event.action", size: 10, width: 6),
                Table("Latest audit events", "event.dataset:django.audit", ["event.action", "user.name", "client.ip", "message"], size: 20, width: 12),
            ]),
        [UserActivityKey] = new(
            "User activity",
            "Signed-in users: how many are active, who makes the most requests, and the endpoints each of them uses most.",
            "now-24h", "now", 30,
            [
                Metric("Active users", PanelType.SingleStat, SignedInRequests, MetricKind.Cardinality, "user_id", width: 4),
                Count("Requests by signed-in users", PanelType.SingleStat, SignedInRequests, width: 4),
                Count("Anonymous requests", PanelType.SingleStat, AnonymousRequests, width: 4),
                Metric("Active users over time", PanelType.TimeSeries, SignedInRequests, MetricKind.Cardinality, "user_id", width: 6),
                Count("Top users", PanelType.Bar, SignedInRequests, split: "user_id", size: 10, width: 6),
                Count("Top endpoints per user", PanelType.Bar, SignedInRequests, split: "user_id", size: 8, breakdown: "http.path", width: 12),
            ]),
    };

    private static DashboardPanel Count(string title, PanelType type, string query, string? split = null, int size = 5, double? splitInterval = null,
        string? breakdown = null, int width = 6) =>
        new() { Title = title, Type = type, Query = query, SplitField = split, Size = size, SplitInterval = splitInterval, BreakdownField = breakdown, Width = width };

    private static DashboardPanel Metric(string title, PanelType type, string query, MetricKind metric, string field, string? split = null, int size = 5,
        string? breakdown = null, int width = 6) =>
        new()
        {
            Title = title, Type = type, Index = field.StartsWith("system.", StringComparison.Ordinal) ? "metrics-*" : DashboardDefaults.Index, Query = query,
            Metric = metric, Field = field, SplitField = split, Size = size, BreakdownField = breakdown, Width = width,
        };

    private static DashboardPanel Ratio(string title, PanelType type, string query, string numerator, string? split = null, int size = 5, int width = 6) =>
        new() { Title = title, Type = type, Query = query, Numerator = numerator, SplitField = split, Size = size, Width = width };

    private static DashboardPanel Table(string title, string query, IReadOnlyList<string> columns, int size = 10, int width = 6) =>
        new() { Title = title, Type = PanelType.Table, Query = query, Columns = columns, Size = size, Width = width };
}
