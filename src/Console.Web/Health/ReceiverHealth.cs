namespace Console.Web.Health;

/// <summary>A receiver: where it listens (or why it does not), its open connections when known, and when it last saw data.</summary>
public sealed record ReceiverHealth(string Name, string Protocol, string? Address, string State, int? OpenConnections, long Received, DateTimeOffset? LastSeen);
