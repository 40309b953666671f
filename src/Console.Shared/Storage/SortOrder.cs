namespace Console.Shared.Storage;

public enum SortOrder
{
    /// <summary>Newest first, as Discover shows logs.</summary>
    Descending,
    Ascending,
}
