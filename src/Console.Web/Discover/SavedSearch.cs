namespace Console.Web.Discover;

/// <summary>A Discover view kept under a name in the console's database (table <c>saved_searches</c>).</summary>
public sealed class SavedSearch
{
    public const int MaxNameLength = 100;
    public const int MaxIndexLength = 512;
    public const int MaxQueryLength = 10_000;
    public const int MaxTimeLength = 100;
    public const int MaxColumnsLength = 4_000;

    public long Id { get; set; }

    /// <summary>Unique regardless of case ("Errors" and "errors" are one name).</summary>
    public string Name { get; set; } = "";

    public string IndexPattern { get; set; } = DiscoverState.DefaultIndex;

    public string Query { get; set; } = "";

    /// <summary>As typed: date math (<c>now-15m</c>) stays relative, so opening the search later shows the latest events.</summary>
    public string From { get; set; } = DiscoverState.DefaultFrom;

    public string To { get; set; } = DiscoverState.DefaultTo;

    /// <summary>The table's columns, comma-separated as in <see cref="DiscoverState.Columns"/>; empty means the message.</summary>
    public string Columns { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public DiscoverState ToState() => new(IndexPattern, Query, From, To, Columns);
}
