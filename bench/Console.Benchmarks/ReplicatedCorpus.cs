namespace Console.Benchmarks;

/// <summary>The generated events as NDJSON in memory.</summary>
/// <param name="RawBytes">Bytes of all lines including their newlines, i.e. the size of the NDJSON file they would make.</param>
/// <param name="SampleRequestId">A request_id that occurs in the data, for the request_id query.</param>
internal sealed record ReplicatedCorpus(
    IReadOnlyList<NdjsonChunk> Chunks,
    int Events,
    long RawBytes,
    int TemplateLines,
    int Copies,
    DateTimeOffset From,
    DateTimeOffset To,
    string SampleRequestId);
