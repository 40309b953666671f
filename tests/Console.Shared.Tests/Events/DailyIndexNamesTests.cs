using Console.Shared.Events;

namespace Console.Shared.Tests.Events;

public class DailyIndexNamesTests
{
    private static readonly DateTimeOffset Evening = new(2026, 11, 23, 23, 59, 59, TimeSpan.Zero);

    [Fact]
    public void Events_of_one_base_and_day_share_one_name_instead_of_a_new_string_each()
    {
        var names = new DailyIndexNames();

        var first = names.For("thebot-logs", Evening);
        var second = names.For("thebot-logs", Evening.AddHours(-12));

        Assert.Equal("thebot-logs-2026.11.23", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void Another_day_or_base_gets_its_own_name_as_index_names_build_it()
    {
        var names = new DailyIndexNames();
        names.For("thebot-logs", Evening);

        Assert.Equal("thebot-logs-2026.11.24", names.For("thebot-logs", Evening.AddSeconds(1)));
        Assert.Equal("thebot-errors-2026.11.24", names.For("thebot-errors", Evening.AddSeconds(1)));
        Assert.Equal("thebot-logs-2026.11.23", names.For("thebot-logs", Evening));
        var offset = new DateTimeOffset(2026, 11, 24, 0, 30, 0, TimeSpan.FromHours(2));
        Assert.Equal(IndexNames.Daily("thebot-logs", offset), names.For("thebot-logs", offset));
    }
}
