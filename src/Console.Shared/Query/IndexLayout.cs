namespace Console.Shared.Query;

/// <summary>
/// How the embedded store lays an event out in Lucene fields. The query parser builds queries against this layout,
/// and the Elasticsearch store's translator reads those queries back, so it is shared by both.
/// </summary>
public static class IndexLayout
{
    /// <summary>The stored JSON of the whole event.</summary>
    public const string Source = "_source";

    /// <summary>A store-wide increasing number that breaks ties between events of the same millisecond, so paging is stable.</summary>
    public const string Sequence = "_seq";

    /// <summary>The message as one case-preserving term, for regular expressions over the whole message.</summary>
    public const string RawMessage = "_raw_message";

    /// <summary>Longest message indexed as one raw term; longer ones are cut (Lucene's hard limit is 32766 bytes).</summary>
    public const int RawMessageMaxChars = 4096;

    /// <summary>Trie precision of numeric fields: Elasticsearch's default for long and date before points, fewer terms than Lucene's 4.</summary>
    public const int NumericPrecisionStep = 16;
}
