namespace Console.Shared.Storage;

/// <summary>The <c>Store</c> section of the settings: which store, and under <c>Store:Elasticsearch</c> how to reach a cluster.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    public StoreKind Kind { get; set; } = StoreKind.Embedded;
}
