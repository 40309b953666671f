namespace Console.Shared.Storage;

/// <summary>The value at <see cref="Percent"/> (0 to 100); null when the bucket has no values.</summary>
public sealed record PercentileValue(double Percent, double? Value);
