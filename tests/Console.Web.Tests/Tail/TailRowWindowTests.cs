using Console.Web.Tail;

namespace Console.Web.Tests.Tail;

public sealed class TailRowWindowTests
{
    [Fact]
    public void Following_draws_the_newest_rows_in_view_and_the_overscan_below_them()
    {
        var window = TailRowWindow.For(rowCount: 2_000, following: true, firstInView: 700, rowsInView: 20);

        Assert.Equal(new TailRowWindow(0, 20 + TailRowWindow.Overscan), window);
    }

    [Fact]
    public void Reading_older_rows_draws_those_in_view_and_the_overscan_on_either_side()
    {
        var window = TailRowWindow.For(rowCount: 2_000, following: false, firstInView: 700, rowsInView: 20);

        Assert.Equal(new TailRowWindow(700 - TailRowWindow.Overscan, 720 + TailRowWindow.Overscan), window);
    }

    [Fact]
    public void The_window_stays_inside_the_rows_there_are()
    {
        Assert.Equal(new TailRowWindow(0, 5), TailRowWindow.For(rowCount: 5, following: true, firstInView: 0, rowsInView: 20));
        // A view past the last row (the rows were cleared while the viewer was away) draws the oldest rows.
        Assert.Equal(new TailRowWindow(0, 10), TailRowWindow.For(rowCount: 10, following: false, firstInView: 900, rowsInView: 20));
        Assert.Equal(new TailRowWindow(100 - 1 - TailRowWindow.Overscan, 100), TailRowWindow.For(rowCount: 100, following: false, firstInView: 900, rowsInView: 20));
        Assert.Equal(new TailRowWindow(0, 0), TailRowWindow.For(rowCount: 0, following: false, firstInView: 900, rowsInView: 20));
    }

    [Fact]
    public void The_overscan_covers_a_flush_so_a_flush_that_lands_as_the_viewer_scrolls_away_keeps_the_row_they_read()
    {
        Assert.True(TailRowWindow.Overscan >= LiveTailPage.RowsPerFlush);
    }
}
