using System.Globalization;
using Xunit.Sdk;

namespace Console.Web.Tests.Faults.Harness;

/// <summary>
/// What the checker found after recovery. <see cref="Expected"/> is every acknowledged event, less any a test destroyed
/// on purpose (a torn queue tail). Events found that were never acknowledged (sent in doubt, durable before the answer
/// was lost) are allowed: they were not promised, and they are not duplicates.
/// </summary>
public sealed record RecoveryReport(
    long Sent, long Acknowledged, long Expected, long Found, long FoundUnacknowledged, long Missing, long Duplicates, long Corrupt,
    bool FreshEventsIndexed, IReadOnlyList<long> MissingSample)
{
    public bool Passed => Missing == 0 && Duplicates == 0 && Corrupt == 0 && FreshEventsIndexed;

    /// <summary>Fails the test with every figure when an expected event is missing, doubled or damaged, or the fresh batch was not indexed.</summary>
    public void AssertPassed()
    {
        if (!Passed)
        {
            throw new XunitException("the fault checker failed: " + this);
        }
    }

    public override string ToString()
    {
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"sent {Sent}, acknowledged {Acknowledged}, expected {Expected}, found {Found} ({FoundUnacknowledged} not acknowledged), missing {Missing}, duplicates {Duplicates}, corrupt {Corrupt}, fresh events after recovery indexed: {(FreshEventsIndexed ? "yes" : "NO")}");
        return MissingSample.Count == 0 ? figures : figures + "; first missing: " + string.Join(", ", MissingSample);
    }
}
