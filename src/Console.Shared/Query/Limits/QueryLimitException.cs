namespace Console.Shared.Query.Limits;

/// <summary>
/// A query refused because it goes beyond one of <see cref="QueryLimitsOptions"/>; the message names the setting. It is a
/// <see cref="QuerySyntaxException"/> so every place that shows a query error (Discover, the dashboard and alert editors,
/// the API's 400) shows this one too.
/// </summary>
public sealed class QueryLimitException : QuerySyntaxException
{
    public QueryLimitException(string reason, string property, object limit, int? position = null)
        : base($"{reason} (limit {limit}, setting {QueryLimitsOptions.Setting(property)})", position)
    {
        Setting = QueryLimitsOptions.Setting(property);
    }

    /// <summary>The setting that refused the query, such as <c>Query:MaxRegexLength</c>.</summary>
    public string Setting { get; }
}
