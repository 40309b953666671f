namespace Console.Web.Tests.Faults.Harness;

/// <summary>A batch of events numbered <c>First .. First + Count - 1</c> and whether the console acknowledged it.</summary>
public sealed record SentBatch(long First, int Count, bool Acknowledged)
{
    public long Last => First + Count - 1;
}
