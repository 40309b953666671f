namespace Console.Web.Health;

public sealed record IndexDiskUse(string Name, long SizeBytes, long DocCount, string Phase);
