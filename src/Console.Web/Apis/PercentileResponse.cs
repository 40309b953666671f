namespace Console.Web.Apis;

public sealed record PercentileResponse(double Percent, double? Value);
