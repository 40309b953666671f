using Console.Shared.Events;

namespace Console.Shared.Tests.Events;

public class TimestampParserAllocationTests
{
    [Theory]
    [InlineData("2026-11-23 23:14:44,037")] // Python's asctime, the seed's time
    [InlineData("2026-11-23T23:14:44.037")]
    public void Reading_a_time_without_an_offset_allocates_nothing(string text)
    {
        Assert.True(TimestampParser.TryParse(text, out var expected));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = TimestampParser.TryParse(text, out var parsed);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(read);
        Assert.Equal(expected, parsed);
        Assert.Equal(0, allocated);
    }
}
