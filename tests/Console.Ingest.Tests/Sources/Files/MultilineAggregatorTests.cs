using Console.Ingest.Sources.Files;

namespace Console.Ingest.Tests.Sources.Files;

public class MultilineAggregatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static List<FileEvent> Run(MultilineOptions options, params string[] lines)
    {
        var aggregator = new MultilineAggregator(FileInput.CreatePattern(options.Pattern), options);
        var events = new List<FileEvent>();
        long offset = 0;
        foreach (var line in lines)
        {
            if (aggregator.Add(new FileEvent(offset, offset + line.Length + 1, line, null, null), T0) is { } e)
            {
                events.Add(e);
            }

            offset += line.Length + 1;
        }

        if (aggregator.Flush() is { } last)
        {
            events.Add(last);
        }

        return events;
    }

    [Fact]
    public void Match_before_prepends_continuation_lines_to_the_next_line()
    {
        var events = Run(new MultilineOptions { Pattern = @"\\$", Match = MultilineMatch.Before }, @"a \", @"b \", "c", "d");

        Assert.Equal([$"a \\\nb \\\nc", "d"], events.Select(e => e.Message));
        Assert.Equal([0L, 10L], events.Select(e => e.Offset));
        Assert.Equal(10L, events[0].End);
    }

    [Fact]
    public void Negate_false_after_appends_matching_lines_to_the_line_before()
    {
        var events = Run(new MultilineOptions { Pattern = @"^\s", Match = MultilineMatch.After }, "  orphan", "java.lang.Exception", "  at a", "  at b", "next");

        Assert.Equal(["  orphan", "java.lang.Exception\n  at a\n  at b", "next"], events.Select(e => e.Message));
        Assert.Equal([1, 3, 1], events.Select(e => e.Lines));
    }

    [Fact]
    public void Lines_past_MaxLines_are_consumed_but_dropped_and_the_event_is_flagged()
    {
        var events = Run(new MultilineOptions { Pattern = "^S", Negate = true, MaxLines = 3 }, "S1", "c1", "c2", "c3", "c4", "S2");

        Assert.Equal(["S1\nc1\nc2", "S2"], events.Select(e => e.Message));
        Assert.True(events[0].Truncated);
        Assert.Equal(15L, events[0].End); // through c4: nothing of it is read again
    }

    [Fact]
    public void A_pending_event_is_sent_after_the_timeout()
    {
        var options = new MultilineOptions { Pattern = "^S", Negate = true, Timeout = TimeSpan.FromSeconds(2) };
        var aggregator = new MultilineAggregator(FileInput.CreatePattern(options.Pattern), options);
        Assert.Null(aggregator.Add(new FileEvent(0, 3, "S1", null, null), T0));
        Assert.Null(aggregator.Add(new FileEvent(3, 6, "c1", null, null), T0.AddSeconds(1)));

        Assert.Null(aggregator.FlushIfExpired(T0.AddSeconds(2.5)));
        Assert.Equal(T0.AddSeconds(3), aggregator.Deadline);
        Assert.Equal("S1\nc1", aggregator.FlushIfExpired(T0.AddSeconds(3))?.Message);
        Assert.Null(aggregator.PendingStart);
    }
}
