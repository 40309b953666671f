using System.Globalization;

namespace Console.Web.Tail;

/// <summary>
/// A row of the tail page, its texts made once: the page draws the rows in view on every flush, so a row that stays in
/// view must not cost its formatting again. <see cref="Key"/> names this row and no other, so a render moves rows instead of
/// rewriting them; not the event's id: an event can reach a viewer twice, and two rows with one key stop a render.
/// </summary>
public sealed class TailRow(long key, TailEvent tailEvent, string indexPattern)
{
    public long Key { get; } = key;

    public TailEvent Event { get; } = tailEvent;

    public string Id => Event.Id;

    public string Time { get; } = tailEvent.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public string Level { get; } = tailEvent.Level;

    /// <summary>The row's classes: its level colours its first cell (app.css).</summary>
    public string CssClass { get; } = "tail-row level-" + tailEvent.Level.ToLowerInvariant();

    public string Index => Event.Index;

    public string Message { get; } = tailEvent.Message;

    /// <summary>Discover with the minutes around the event, in the pattern the tail follows.</summary>
    public string DiscoverLink { get; } = DiscoverContextLink.For(indexPattern, tailEvent.Id, tailEvent.Timestamp);
}
