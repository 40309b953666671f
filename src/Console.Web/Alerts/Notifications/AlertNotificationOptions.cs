using System.ComponentModel.DataAnnotations;

namespace Console.Web.Alerts.Notifications;

/// <summary>The <c>Alerts:Notifications</c> settings: what a notification carries and how hard delivery tries.</summary>
public sealed class AlertNotificationOptions : IValidatableObject
{
    public const string Section = "Alerts:Notifications";

    /// <summary>Matching log lines a notification carries at most.</summary>
    [Range(0, 100)]
    public int MaxLogLines { get; set; } = 5;

    /// <summary>Characters of one log message a notification carries at most (longer ones end in an ellipsis).</summary>
    [Range(40, 10_000)]
    public int MaxMessageChars { get; set; } = 500;

    /// <summary>Attempts per channel, the first included, before a delivery is given up.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the second attempt; each later wait doubles, up to <see cref="MaxBackoff"/>, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.001", "06:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one attempt (an HTTP request, an SMTP session) may take before it counts as timed out.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Channel deliveries waiting to start; beyond this new ones are dropped and recorded, never waited for.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Deliveries in progress at once, so one slow webhook does not hold up the others.</summary>
    [Range(1, 256)]
    public int MaxConcurrentDeliveries { get; set; } = 8;

    /// <summary>Delivery attempts the delivery log keeps (the oldest go first).</summary>
    [Range(1, 1_000_000)]
    public int DeliveryLogCapacity { get; set; } = 10_000;

    /// <summary>Notifications the in-console feed keeps (the oldest go first).</summary>
    [Range(1, 100_000)]
    public int FeedCapacity { get; set; } = 200;

    /// <summary>How long the database keeps delivery attempts and console notifications, besides the capacities above.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxBackoff < InitialBackoff)
        {
            yield return new ValidationResult($"MaxBackoff ({MaxBackoff}) is shorter than InitialBackoff ({InitialBackoff})", [nameof(MaxBackoff)]);
        }
    }
}
