using System.Globalization;

namespace Console.Web.Tests.Faults.Harness;

/// <summary>
/// The sizes of the fault suite: a short form by default (part of every test run), a long form by hand with
/// <c>CONSOLE_FAULT_KILLS</c>, <c>CONSOLE_FAULT_EVENTS</c> and <c>CONSOLE_FAULT_TERMS</c> (see RELIABILITY.md).
/// </summary>
public static class FaultSettings
{
    /// <summary>SIGKILLs in the kill test; the short form kills once at each <see cref="KillMoment"/>.</summary>
    public static int Kills => Read("CONSOLE_FAULT_KILLS", 4);

    /// <summary>Events the kill test gets acknowledged in all (spread over the rounds between kills).</summary>
    public static int Events => Read("CONSOLE_FAULT_EVENTS", 20_000);

    /// <summary>SIGTERMs with a backlog in the graceful-stop test.</summary>
    public static int Terms => Read("CONSOLE_FAULT_TERMS", 1);

    /// <summary>
    /// Settings that make the risky moments frequent: the smallest queue segment (a rollover every ~4,000 events) and a
    /// store commit plus queue checkpoint every 200 ms, or after each store call of at most 2,000 events when indexing is
    /// slower than that (a loaded machine, the replay after a restart). The rate limit is off so the sender is held back
    /// only by the queue.
    /// </summary>
    public static IReadOnlyList<string> FrequentRolloverAndCommit =>
    [
        "--Ingest:Queue:SegmentBytes=1048576", "--Ingest:Indexer:CommitInterval=00:00:00.200", "--Ingest:Indexer:MaxBatchEvents=2000",
        "--Ingest:RateLimit:Enabled=false",
        "--Query:MaxExportSize=100000000",
    ];

    private static int Read(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
