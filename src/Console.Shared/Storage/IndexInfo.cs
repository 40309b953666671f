namespace Console.Shared.Storage;

/// <summary>One concrete index as listed by the store (like a row of Elasticsearch's <c>_cat/indices</c>).</summary>
public sealed record IndexInfo(string Name, long DocCount, long SizeBytes, DateOnly? Day);
