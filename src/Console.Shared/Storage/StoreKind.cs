namespace Console.Shared.Storage;

/// <summary>Which <see cref="ILogStore"/> holds the events.</summary>
public enum StoreKind
{
    /// <summary>Lucene.Net indices on the console's own disk (the default: nothing else to run).</summary>
    Embedded,

    /// <summary>An Elasticsearch 8 cluster, configured under <c>Store:Elasticsearch</c>.</summary>
    Elasticsearch,
}
