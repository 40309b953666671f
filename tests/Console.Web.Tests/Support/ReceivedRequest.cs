namespace Console.Web.Tests.Support;

/// <summary>One request a <see cref="WebhookReceiver"/> took.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);
