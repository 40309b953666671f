namespace Console.Web.Tail;

/// <summary>
/// Which rows a tail page draws: those in view and <see cref="Overscan"/> on either side; spacers of the rows' fixed height
/// stand for the rest, so the scroller keeps the whole buffer's height. A flush then costs the browser its new rows and
/// the few it pushes out of the window, not a layout of thousands.
/// </summary>
public readonly record struct TailRowWindow(int First, int End)
{
    /// <summary>A row's height in CSS pixels (.tail-row in app.css): spacers and the page's script count in it.</summary>
    public const int RowHeight = 28;

    /// <summary>
    /// Rows drawn beyond the view on each side: scrolling that far needs no round trip, and a flush that lands just after the
    /// viewer scrolled away (before the server knows) keeps the row they read in the page, which the browser's scroll
    /// anchoring then holds still. At least <see cref="LiveTailPage.RowsPerFlush"/>.
    /// </summary>
    public const int Overscan = 20;

    /// <summary>Rows in view until the page's script has measured the scroller (75vh of a 1,440 px high window).</summary>
    public const int DefaultRowsInView = 40;

    public int Count => End - First;

    /// <param name="rowCount">Rows the page keeps.</param>
    /// <param name="following">At the newest edge: the window starts at the newest row whatever the last scroll said.</param>
    /// <param name="firstInView">The first row the viewer sees (0 = newest), as the page's script last said.</param>
    /// <param name="rowsInView">How many rows the scroller shows at once.</param>
    public static TailRowWindow For(int rowCount, bool following, int firstInView, int rowsInView)
    {
        var first = following ? 0 : Math.Clamp(firstInView, 0, Math.Max(0, rowCount - 1));
        var start = Math.Max(0, first - Overscan);
        var end = Math.Min(rowCount, first + Math.Max(1, rowsInView) + Overscan);
        return new TailRowWindow(Math.Min(start, end), end);
    }
}
