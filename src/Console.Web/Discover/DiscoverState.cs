using Microsoft.AspNetCore.WebUtilities;

namespace Console.Web.Discover;

/// <summary>
/// Everything a Discover view shows, as it is kept in the address bar (<c>/discover?index=…&amp;q=…&amp;from=…&amp;to=…&amp;columns=…&amp;doc=…</c>),
/// so a copied link reproduces the view. Times are kept as typed (date math such as <c>now-15m</c>, or ISO dates).
/// </summary>
/// <param name="Doc">The id of one event to open with its surrounding documents (a link from the live tail); empty for none.</param>
public sealed record DiscoverState(string Index, string Query, string From, string To, string Columns, string Doc = "")
{
    public const string DefaultIndex = "thebot-logs-*";
    public const string DefaultFrom = "now-15m";
    public const string DefaultTo = "now";

    public static DiscoverState Default { get; } = new(DefaultIndex, "", DefaultFrom, DefaultTo, "");

    /// <summary>The columns chosen for the document table, in order; none means the message.</summary>
    public IReadOnlyList<string> ColumnList => Columns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static DiscoverState Read(string? index, string? q, string? from, string? to, string? columns, string? doc = null) => new(
        string.IsNullOrWhiteSpace(index) ? DefaultIndex : index.Trim(),
        q ?? "",
        string.IsNullOrWhiteSpace(from) ? DefaultFrom : from.Trim(),
        string.IsNullOrWhiteSpace(to) ? DefaultTo : to.Trim(),
        columns ?? "",
        doc?.Trim() ?? "");

    public DiscoverState WithColumn(string field, bool shown)
    {
        var columns = ColumnList.Where(c => c != field).ToList();
        if (shown)
        {
            columns.Add(field);
        }

        return this with { Columns = string.Join(',', columns) };
    }

    /// <summary>The relative address of this view.</summary>
    public string ToUrl()
    {
        var query = new Dictionary<string, string?> { ["index"] = Index, ["q"] = Query, ["from"] = From, ["to"] = To };
        if (Columns.Length > 0)
        {
            query["columns"] = Columns;
        }

        if (Doc.Length > 0)
        {
            query["doc"] = Doc;
        }

        return QueryHelpers.AddQueryString("discover", query);
    }
}
