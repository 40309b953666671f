using System.ComponentModel.DataAnnotations;

namespace Console.Shared.Query.Limits;

/// <summary>
/// The <c>Query</c> section: bounds that keep one search from taking the console's CPU, memory or every search slot,
/// named after the Elasticsearch settings their users know. A query beyond one is refused with the setting's name.
/// </summary>
public sealed class QueryLimitsOptions
{
    public const string Section = "Query";

    /// <summary>Longest regular expression, in characters (Elasticsearch's index.max_regex_length).</summary>
    [Range(1, 100_000)]
    public int MaxRegexLength { get; set; } = 1000;

    /// <summary>
    /// Most states the automaton of one regular expression may reach once made deterministic (Lucene's
    /// maxDeterminizedStates, 10000 in Elasticsearch): <c>[ab]*a[ab]{18}</c> needs about half a million.
    /// </summary>
    [Range(100, 1_000_000)]
    public int MaxDeterminizedStates { get; set; } = 10_000;

    /// <summary>Whether a wildcard may start a term (<c>*error</c>); see <see cref="LeadingWildcardPolicy"/>.</summary>
    public LeadingWildcardPolicy LeadingWildcard { get; set; } = LeadingWildcardPolicy.KeywordFieldsOnly;

    /// <summary>Most distinct terms a wildcard or prefix may stand for in one search; fuzzy terms always take the 50 closest.</summary>
    [Range(1, 1_000_000)]
    public int MaxTermExpansions { get; set; } = 10_000;

    /// <summary>Most clauses in the whole query, nested ones counted (Elasticsearch's indices.query.bool.max_clause_count).</summary>
    [Range(1, 100_000)]
    public int MaxBooleanClauses { get; set; } = 1024;

    /// <summary>Most hits one page may hold (Elasticsearch's index.max_result_window); further pages go through search_after.</summary>
    [Range(1, 1_000_000)]
    public int MaxResultWindow { get; set; } = 10_000;

    /// <summary>Most hits one export (<c>GET /api/export</c>) streams; larger exports stop with a 400 before the first line.</summary>
    [Range(1, 100_000_000)]
    public long MaxExportSize { get; set; } = 1_000_000;

    /// <summary>Longest one search may run before it is cancelled (Kibana's elasticsearch.requestTimeout is 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Searches one user or API key may run at once, the pages and the HTTP API together: beyond it the API answers 429,
    /// and a page's search waits (at most <see cref="Timeout"/>) for one of them to finish.
    /// </summary>
    [Range(1, 1000)]
    public int MaxConcurrentSearchesPerUser { get; set; } = 4;

    /// <summary>The full name of a setting of this section, as the settings and the refusals spell it.</summary>
    public static string Setting(string property) => $"{Section}:{property}";
}
