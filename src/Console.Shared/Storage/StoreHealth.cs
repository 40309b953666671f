namespace Console.Shared.Storage;

/// <summary>What a store says about itself: a status, the reasons for anything but green, and a few facts to show.</summary>
public sealed record StoreHealth(string Store, HealthStatus Status, IReadOnlyList<string> Reasons, IReadOnlyDictionary<string, string> Details);
