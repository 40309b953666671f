namespace Console.Benchmarks;

/// <summary>What indexing the generated events cost, split by stage.</summary>
/// <param name="Decode">Time in <c>NdjsonDecoder.ParseLine</c> and <c>LogEventNormalizer.Normalize</c>, on its own task: it overlaps <paramref name="Index"/>.</param>
/// <param name="Index">Time in <c>LuceneLogStore.IndexAsync</c> (documents built and handed to the IndexWriter).</param>
/// <param name="CpuTime">User and system CPU time of the whole process while indexing, merges and GC included.</param>
/// <param name="Commit">Time in the final <c>FlushAsync</c> (a Lucene commit per daily index).</param>
internal sealed record IndexingResult(
    int Indexed,
    int Rejected,
    long FlaggedValues,
    TimeSpan Total,
    TimeSpan Decode,
    TimeSpan Index,
    TimeSpan Commit,
    long AllocatedBytes,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    TimeSpan GcPause,
    TimeSpan CpuTime)
{
    public double EventsPerSecond => Indexed / Total.TotalSeconds;
}
