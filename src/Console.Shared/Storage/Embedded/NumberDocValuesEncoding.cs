namespace Console.Shared.Storage.Embedded;

/// <summary>
/// How an index keeps the doc values of its numeric and date fields (not <c>@timestamp</c> and <c>_seq</c>, which are
/// numeric doc values everywhere). Fixed per index when it is created and recorded in its commit data, because Lucene
/// refuses a field whose doc-values type changes inside one index.
/// </summary>
internal enum NumberDocValuesEncoding
{
    /// <summary>Numeric doc values: indices created before mapping version 2.</summary>
    Numeric = 1,

    /// <summary>
    /// Sorted doc values of 8 order-preserving bytes per value (<see cref="SortableNumberBytes"/>). Lucene.Net's numeric
    /// doc-values writer measures its docs-with-field bitset by reflection for every value of a field that not every
    /// event has (17 % of the indexing threads' time); its sorted writer does not.
    /// </summary>
    SortedBytes = 2,
}
