using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Console.Web.Alerts.Notifications.Delivery;

/// <summary>
/// Delivers queued notifications in the background: each channel delivery on its own (up to
/// <c>MaxConcurrentDeliveries</c> at once, so a webhook in backoff holds up no other), each attempt with a timeout,
/// failed attempts retried with <see cref="RetryBackoff"/> while retrying can help, every attempt recorded.
/// </summary>
public sealed class NotificationDispatcher : BackgroundService, INotificationDispatcher
{
    private const string StoppedBeforeSending = "the console stopped before it was sent";

    private readonly AlertNotificationOptions _options;
    private readonly Dictionary<NotificationChannelType, INotificationChannel> _channels;
    private readonly INotificationDeliveryLog _log;
    private readonly TimeProvider _time;
    private readonly ILogger<NotificationDispatcher> _logger;
    private readonly RetryBackoff _backoff;
    private readonly Channel<PendingDelivery> _queue;
    private readonly SemaphoreSlim _slots;
    private readonly Lock _runningLock = new();
    private readonly HashSet<Task> _running = [];

    public NotificationDispatcher(
        IOptions<AlertNotificationOptions> options,
        IEnumerable<INotificationChannel> channels,
        INotificationDeliveryLog log,
        TimeProvider time,
        ILogger<NotificationDispatcher> logger)
    {
        _options = options.Value;
        _channels = channels.ToDictionary(c => c.Type);
        _log = log;
        _time = time;
        _logger = logger;
        _backoff = new RetryBackoff(_options.InitialBackoff, _options.MaxBackoff, Random.Shared);
        _queue = Channel.CreateBounded<PendingDelivery>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = true });
        _slots = new SemaphoreSlim(_options.MaxConcurrentDeliveries);
    }

    public async ValueTask<int> EnqueueAsync(AlertNotification notification, IReadOnlyList<NotificationChannelDefinition> channels, CancellationToken cancellationToken = default)
    {
        var trimmed = Trim(notification);
        var queued = 0;
        foreach (var channel in channels)
        {
            if (_queue.Writer.TryWrite(new PendingDelivery(trimmed, channel)))
            {
                queued++;
                continue;
            }

            _logger.LogWarning("Dropped notification {NotificationId} of rule {RuleId} for channel {Channel}: the delivery queue is full", notification.Id, notification.RuleId, channel.Name);
            await RecordUnsentAsync(trimmed, channel, DeliveryOutcome.Dropped, $"the delivery queue is full ({_options.QueueCapacity} waiting)", null, cancellationToken);
        }

        return queued;
    }

    public async Task SuppressAsync(AlertNotification notification, IReadOnlyList<NotificationChannelDefinition> channels, SuppressionReason reason, string detail, CancellationToken cancellationToken = default)
    {
        foreach (var channel in channels)
        {
            await RecordUnsentAsync(notification, channel, DeliveryOutcome.Suppressed, detail, reason, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                // A free slot first, then a delivery: while every slot is busy, deliveries wait in the queue, where they
                // count against its capacity (a reader holding one back would quietly make the queue one longer).
                await _slots.WaitAsync(stoppingToken);
                if (!await _queue.Reader.WaitToReadAsync(stoppingToken))
                {
                    break;
                }

                if (!_queue.Reader.TryRead(out var pending))
                {
                    _slots.Release();
                    continue;
                }

                // Off the reader's thread: a sender that blocks before its first await must not stop the queue.
                var delivery = Task.Run(() => DeliverAsync(pending, stoppingToken), CancellationToken.None);
                lock (_runningLock)
                {
                    _running.Add(delivery);
                }

                _ = delivery.ContinueWith(
                    finished =>
                    {
                        _slots.Release();
                        lock (_runningLock)
                        {
                            _running.Remove(finished);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the deliveries in progress see the same token and end their current attempt.
        }

        Task[] running;
        lock (_runningLock)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running);
        // What never got its turn is recorded, so the log does not show a notification that silently vanished.
        while (_queue.Reader.TryRead(out var left))
        {
            await RecordUnsentAsync(left.Notification, left.Channel, DeliveryOutcome.Dropped, StoppedBeforeSending, null, CancellationToken.None);
        }
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    private async Task DeliverAsync(PendingDelivery pending, CancellationToken stoppingToken)
    {
        var (notification, channel) = pending;
        if (!_channels.TryGetValue(channel.Type, out var sender))
        {
            await RecordAsync(pending, 1, _time.GetUtcNow(), DeliveryOutcome.Failed, null, $"no sender for channel type {channel.Type}", TimeSpan.Zero);
            return;
        }

        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            var at = _time.GetUtcNow();
            var started = _time.GetTimestamp();
            using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
            DeliveryOutcome outcome;
            int? status = null;
            string? detail = null;
            var retryable = true;
            try
            {
                var result = await sender.SendAsync(notification, channel, linked.Token);
                outcome = result.Delivered ? DeliveryOutcome.Delivered : DeliveryOutcome.Failed;
                (status, detail, retryable) = (result.StatusCode, result.Error, result.Retryable);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await RecordAsync(pending, attempt, at, DeliveryOutcome.Failed, null, "the console stopped during the attempt", _time.GetElapsedTime(started));
                return;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                outcome = DeliveryOutcome.TimedOut;
                detail = $"no answer within {_options.AttemptTimeout}";
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Refused connections, DNS failures, broken TLS: the destination may be back on the next attempt.
                outcome = DeliveryOutcome.Failed;
                detail = Describe(e);
            }

            await RecordAsync(pending, attempt, at, outcome, status, detail, _time.GetElapsedTime(started));
            if (outcome == DeliveryOutcome.Delivered)
            {
                return;
            }

            if (!retryable || attempt == _options.MaxAttempts)
            {
                _logger.LogWarning("Gave up delivering notification {NotificationId} of rule {RuleId} to channel {Channel} after {Attempts} attempts: {Detail}", notification.Id, notification.RuleId, channel.Name, attempt, detail);
                return;
            }

            try
            {
                await Task.Delay(_backoff.Delay(attempt), _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // The engine may hand over more lines, or longer ones, than a message should carry; every channel then sees the same.
    private AlertNotification Trim(AlertNotification notification) => notification with
    {
        Lines = notification.Lines.Take(_options.MaxLogLines).Select(line => line.Truncated(_options.MaxMessageChars)).ToList(),
    };

    private Task RecordUnsentAsync(AlertNotification notification, NotificationChannelDefinition channel, DeliveryOutcome outcome, string detail, SuppressionReason? reason, CancellationToken cancellationToken) =>
        _log.RecordAsync(
            new DeliveryAttempt(notification.Id, notification.RuleId, channel.Id, channel.Name, channel.Type, 0, _time.GetUtcNow(), outcome, null, detail, TimeSpan.Zero) { Suppression = reason },
            cancellationToken);

    private async Task RecordAsync(PendingDelivery pending, int attempt, DateTimeOffset at, DeliveryOutcome outcome, int? status, string? detail, TimeSpan duration)
    {
        var (notification, channel) = pending;
        try
        {
            // Not the stopping token: the outcome of an attempt that ran is worth keeping even during shutdown.
            await _log.RecordAsync(new DeliveryAttempt(notification.Id, notification.RuleId, channel.Id, channel.Name, channel.Type, attempt, at, outcome, status, detail, duration), CancellationToken.None);
            // The channel's name and type only: its URL and headers are credentials (a Slack URL is one).
            _logger.LogInformation("Notification {NotificationId} of rule {RuleId} to channel {Channel} ({ChannelType}), attempt {Attempt}: {Outcome} {Status} {Detail}",
                notification.Id, notification.RuleId, channel.Name, channel.Type, attempt, outcome, status, detail);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogError(e, "Could not record delivery attempt {Attempt} of notification {NotificationId} to channel {Channel}", attempt, notification.Id, channel.Name);
        }
    }

    private static string Describe(Exception e)
    {
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            message += ": " + inner.Message;
        }

        return message;
    }

    private sealed record PendingDelivery(AlertNotification Notification, NotificationChannelDefinition Channel);
}
