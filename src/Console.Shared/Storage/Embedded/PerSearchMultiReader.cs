using Lucene.Net.Index;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The indices of one search as one reader, as Lucene's <see cref="MultiReader"/> is, without registering itself as a
/// parent of each index's reader. Lucene.Net keeps a reader's parents in a <c>ConditionalWeakTable</c>, whose entries
/// were not freed: a reader that lives long (an index that is not written to is never reopened) gathered a GC handle for
/// every search made over it, and every garbage collection scanned them all (a search over 1 M events took 120 µs at first
/// and 245 µs after a minute of searching). A parent is registered only so that a closing reader can tell its parents'
/// close listeners, and nothing listens on a reader made for one search. Holds no references: the caller keeps each
/// sub-reader acquired while it searches, and disposing this reader closes none of them.
/// </summary>
internal sealed class PerSearchMultiReader : CompositeReader
{
    private readonly IndexReader[] _subReaders;
    private readonly int[] _starts;

    public PerSearchMultiReader(IndexReader[] subReaders)
    {
        _subReaders = subReaders;
        _starts = new int[subReaders.Length + 1];
        long maxDoc = 0;
        var numDocs = 0;
        for (var i = 0; i < subReaders.Length; i++)
        {
            _starts[i] = (int)maxDoc;
            maxDoc += subReaders[i].MaxDoc;
            numDocs += subReaders[i].NumDocs;
        }

        if (maxDoc > int.MaxValue)
        {
            throw new ArgumentException($"Too many documents in one search: {maxDoc} over {int.MaxValue}");
        }

        MaxDoc = (int)maxDoc;
        NumDocs = numDocs;
        _starts[subReaders.Length] = MaxDoc;
    }

    public override int MaxDoc { get; }

    public override int NumDocs { get; }

    public override Fields GetTermVectors(int docID)
    {
        var i = SubIndexOf(docID);
        return _subReaders[i].GetTermVectors(docID - _starts[i]);
    }

    public override void Document(int docID, StoredFieldVisitor visitor)
    {
        var i = SubIndexOf(docID);
        _subReaders[i].Document(docID - _starts[i], visitor);
    }

    public override int DocFreq(Term term) => _subReaders.Sum(r => r.DocFreq(term));

    public override long TotalTermFreq(Term term) => SumOrUnknown(r => r.TotalTermFreq(term));

    public override long GetSumDocFreq(string field) => SumOrUnknown(r => r.GetSumDocFreq(field));

    public override int GetDocCount(string field) => (int)SumOrUnknown(r => r.GetDocCount(field));

    public override long GetSumTotalTermFreq(string field) => SumOrUnknown(r => r.GetSumTotalTermFreq(field));

    protected override IList<IndexReader> GetSequentialSubReaders() => _subReaders;

    protected override void DoClose()
    {
        // The sub-readers belong to their indices' searcher managers.
    }

    private int SubIndexOf(int docID)
    {
        if (docID < 0 || docID >= MaxDoc)
        {
            throw new ArgumentOutOfRangeException(nameof(docID), $"docID must be >= 0 and < maxDoc={MaxDoc} (got docID={docID})");
        }

        var i = Array.BinarySearch(_starts, 0, _subReaders.Length, docID);
        return i >= 0 ? LastStartingAt(i) : ~i - 1;
    }

    /// <summary>The last sub-reader starting at <paramref name="i"/>'s start: empty sub-readers share their start with the next.</summary>
    private int LastStartingAt(int i)
    {
        while (i + 1 < _subReaders.Length && _starts[i + 1] == _starts[i])
        {
            i++;
        }

        return i;
    }

    /// <summary>As Lucene's composite readers: the sum, or -1 when a sub-reader does not know its figure.</summary>
    private long SumOrUnknown(Func<IndexReader, long> figure)
    {
        long sum = 0;
        foreach (var reader in _subReaders)
        {
            var value = figure(reader);
            if (value == -1)
            {
                return -1;
            }

            sum += value;
        }

        return sum;
    }
}
