using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Rules;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Web.Tests.Alerts.Notifications;

public sealed class DispatchingAlertNotifierTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "console-notifier-" + Guid.NewGuid().ToString("N"));
    private readonly LuceneLogStore _store;
    private readonly RecordingDispatcher _dispatcher = new();
    private readonly DispatchingAlertNotifier _notifier;

    public DispatchingAlertNotifierTests()
    {
        _store = new LuceneLogStore(Options.Create(new StorageOptions { DataPath = _dataPath }), TimeProvider.System, NullLogger<LuceneLogStore>.Instance);
        _notifier = new DispatchingAlertNotifier(
            _dispatcher,
            new NoChannels(),
            _store,
            new DiscoverLinks(Options.Create(new ConsoleUrlOptions { PublicUrl = "https://logs.thebot.test" })),
            Options.Create(new AlertNotificationOptions { MaxLogLines = 2 }),
            new FixedClock(Now),
            NullLogger<DispatchingAlertNotifier>.Instance);
    }

    private sealed class NoChannels : INotificationChannelLookup
    {
        public Task<IReadOnlyList<NotificationChannelDefinition>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<NotificationChannelDefinition>>([]);
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }

    [Fact]
    public async Task GroupedRuleFiring_BecomesANotificationWithTheGroupsNewestLinesForTheConsoleFeed()
    {
        var normalizer = new LogEventNormalizer(TimeProvider.System);
        var events = new[] { ("10.0.0.7", "11:57:00"), ("10.0.0.7", "11:58:00"), ("10.0.0.7", "11:59:00"), ("10.0.0.8", "11:59:30") }
            .Select(e => normalizer.Normalize((JsonObject)JsonNode.Parse($$"""{"@timestamp":"2026-11-24T{{e.Item2}}Z","log_level":"ERROR","service":"nginx","client.ip":"{{e.Item1}}","message":"GET /api 502 at {{e.Item2}}"}""")!, "thebot-logs"))
            .ToList();
        await _store.IndexAsync(events);
        await _store.RefreshAsync();
        var rule = new AlertRule
        {
            Id = Guid.Parse("6f1c2b0e-0000-4000-8000-000000000001"),
            Name = "5xx per client",
            Kind = AlertRuleKind.Grouped,
            GroupField = "client.ip",
            Query = "log_level:ERROR",
            Threshold = 2,
        };
        var matching = new LogQuery("thebot-logs-*", "(log_level:ERROR) AND client.ip:\"10.0.0.7\"", Now.AddMinutes(-5), Now);
        var transition = new AlertTransition(rule.Id, "10.0.0.7", AlertState.Pending, AlertState.Firing, Now, 3, 2);

        await _notifier.NotifyAsync(rule, transition, new RuleMeasurement("10.0.0.7", 3, true, matching), CancellationToken.None);

        var (notification, channels) = Assert.Single(_dispatcher.Enqueued);
        Assert.Equal(DispatchingAlertNotifier.ConsoleFeed, Assert.Single(channels));
        Assert.Equal(("6f1c2b0e-0000-4000-8000-000000000001", "5xx per client", AlertState.Firing), (notification.RuleId, notification.RuleName, notification.State));
        Assert.Equal(("count", 3.0, ThresholdComparison.Above, 2.0), (notification.Metric, notification.Value, notification.Comparison, notification.Threshold));
        Assert.Equal(("client.ip", "10.0.0.7"), (notification.GroupField, notification.GroupValue));
        Assert.Equal((Now.AddMinutes(-5), Now), (notification.WindowStart, notification.WindowEnd));
        Assert.Equal(["GET /api 502 at 11:59:00", "GET /api 502 at 11:58:00"], notification.Lines.Select(l => l.Message));
        Assert.All(notification.Lines, l => Assert.Equal(("ERROR", "nginx"), (l.Level, l.Service)));
        Assert.Equal("https://logs.thebot.test/discover", notification.DiscoverUrl.GetLeftPart(UriPartial.Path));
        Assert.Equal("(log_level:ERROR) AND client.ip:\"10.0.0.7\"", QueryHelpers.ParseQuery(notification.DiscoverUrl.Query)["q"]);
    }

    [Fact]
    public async Task ABadQuery_StillNotifiesWithoutLines()
    {
        var rule = new AlertRule { Id = Guid.NewGuid(), Name = "broken", Kind = AlertRuleKind.CountThreshold, Query = "message:(" };
        var matching = new LogQuery("thebot-logs-*", "message:(", Now.AddMinutes(-5), Now);

        await _notifier.NotifyAsync(rule, new AlertTransition(rule.Id, null, AlertState.Firing, AlertState.Resolved, Now, 0, 0), new RuleMeasurement(null, 0, false, matching), CancellationToken.None);

        var (notification, _) = Assert.Single(_dispatcher.Enqueued);
        Assert.Equal(AlertState.Resolved, notification.State);
        Assert.Empty(notification.Lines);
        Assert.Null(notification.GroupField);
    }
}
