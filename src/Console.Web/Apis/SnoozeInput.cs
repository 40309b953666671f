namespace Console.Web.Apis;

/// <summary>The body of <c>POST /api/alerts/rules/{id}/snooze</c>: until when the rule notifies nobody.</summary>
public sealed record SnoozeInput(DateTimeOffset? Until);
