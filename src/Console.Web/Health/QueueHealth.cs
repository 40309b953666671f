namespace Console.Web.Health;

/// <summary>The durable queue between the receivers and the store: events waiting, its limit, and how full it is (0 to 1).</summary>
public sealed record QueueHealth(long Pending, long Capacity, double Fill);
