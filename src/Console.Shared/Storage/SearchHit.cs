using System.Text.Json.Nodes;

namespace Console.Shared.Storage;

/// <summary>One event found: its index, id, time, the whole stored event and the fields whose values could not be indexed.</summary>
public sealed record SearchHit(string Index, string Id, DateTimeOffset Timestamp, JsonObject Source, IReadOnlyList<string> Ignored);
