namespace Console.Shared.Storage;

/// <summary>What a batch did: how many events it indexed and the values that were kept in _source but could not be indexed.</summary>
public sealed record IndexBatchResult(int Indexed, int FlaggedValues);
