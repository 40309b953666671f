namespace Console.Web.Health;

/// <summary>One input's totals and rate.</summary>
public sealed record InputHealth(string Name, long Received, long Rejected, long Dropped, double ReceivedPerSecond, DateTimeOffset? LastSeen);
