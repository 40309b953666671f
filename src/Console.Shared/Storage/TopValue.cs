namespace Console.Shared.Storage;

public sealed record TopValue(string Value, long Count);
