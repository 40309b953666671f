namespace Console.Ingest.Decoding;

/// <summary>A line that was not taken, with its 1-based number and why.</summary>
public sealed record LineRejection(long Line, string Reason);
