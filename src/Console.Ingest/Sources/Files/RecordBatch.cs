using Console.Ingest.Pipeline;

namespace Console.Ingest.Sources.Files;

/// <summary>
/// The records of one submission, full at <see cref="FileTailOptions.BatchSize"/> records or at a text budget, so a run
/// of megabyte lines cannot make a batch of a thousand megabytes.
/// </summary>
internal sealed class RecordBatch(int maxRecords, long maxTextChars = RecordBatch.DefaultMaxTextChars)
{
    public const long DefaultMaxTextChars = 8 * 1024 * 1024;

    private long _textChars;

    public List<IngestRecord> Records { get; } = [];

    public int Count => Records.Count;

    public bool IsFull => Records.Count >= maxRecords || _textChars >= maxTextChars;

    public void Add(IngestRecord record, int textChars)
    {
        Records.Add(record);
        _textChars += textChars;
    }
}
