using Console.Ingest.Pipeline;

namespace Console.Ingest.Tests.Pipeline;

/// <summary>The pipeline looks up its input's counters for every record, so the lookup of known counters must be free.</summary>
public sealed class IngestStatsTests
{
    [Fact]
    public void Looking_up_the_counters_of_a_known_input_or_stage_allocates_nothing()
    {
        using var stats = new IngestStats();
        var input = stats.Input("tcp-json");
        var stage = stats.Stage("parse");

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Assert.Same(input, stats.Input("tcp-json"));
            Assert.Same(stage, stats.Stage("parse"));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void An_input_seen_for_the_first_time_gets_counters_that_log_its_rejections()
    {
        using var stats = new IngestStats();

        var counters = stats.Input("udp-json");
        counters.Reject("bad line", DateTimeOffset.UnixEpoch);

        Assert.Equal("udp-json", counters.Name);
        Assert.Equal(1, stats.Input("udp-json").Rejected);
        Assert.Equal(["udp-json"], stats.Inputs.Select(c => c.Name));
    }
}
