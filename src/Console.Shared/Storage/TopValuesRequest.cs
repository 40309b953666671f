namespace Console.Shared.Storage;

public sealed record TopValuesRequest(LogQuery Query, string Field, int Size = 5);
