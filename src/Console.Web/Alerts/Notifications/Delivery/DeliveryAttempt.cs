namespace Console.Web.Alerts.Notifications.Delivery;

/// <summary>One recorded attempt to deliver a notification to one channel (or the record that it was not sent).</summary>
/// <param name="Attempt">1 for the first try; 0 for a notification that was never tried (suppressed or dropped).</param>
/// <param name="StatusCode">The HTTP status or the SMTP reply code, when the destination answered with one.</param>
/// <param name="Detail">Why it failed, timed out, was suppressed or dropped; null when delivered.</param>
public sealed record DeliveryAttempt(
    string NotificationId,
    string RuleId,
    string ChannelId,
    string ChannelName,
    NotificationChannelType ChannelType,
    int Attempt,
    DateTimeOffset At,
    DeliveryOutcome Outcome,
    int? StatusCode,
    string? Detail,
    TimeSpan Duration)
{
    public bool Succeeded => Outcome == DeliveryOutcome.Delivered;

    /// <summary>Set when <see cref="Outcome"/> is <see cref="DeliveryOutcome.Suppressed"/>.</summary>
    public SuppressionReason? Suppression { get; init; }
}
