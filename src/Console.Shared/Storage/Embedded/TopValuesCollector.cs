using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Value counts of one field over every matching document, or over the first <paramref name="sampleSize"/> of them,
/// from doc values: ordinals per segment for keywords, numbers for numeric fields. Each document counts once per
/// distinct value. A single-valued keyword (<c>log_level</c>, <c>service</c>) counted over every match reads its
/// ordinals from the segment's decoded <see cref="SegmentOrdinals"/>, as the histogram split does, instead of seeking
/// through the sorted-set doc values per document; the counts are the same.
/// </summary>
/// <param name="useSegmentOrdinals">False reads every keyword through its doc values (the tests compare both ways).</param>
internal sealed class TopValuesCollector(string field, Events.FieldType type, int? sampleSize = null, bool useSegmentOrdinals = true) : ICollector
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private SortedSetDocValues? _ordinals;
    private SegmentOrdinals? _single;

    // Ordinal counts of the segment: an array when most ordinals may be hit, a dictionary when a sample touches few of
    // a segment's many values (a million request ids would otherwise cost an 8 MB array walk per segment).
    private long[]? _segmentCounts;
    private Dictionary<long, long>? _sparseCounts;
    private NumberDocValues? _numbers;

    public long Total { get; private set; }

    public long WithField { get; private set; }

    /// <summary>True once the sample size was reached and counting stopped.</summary>
    public bool Stopped { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        if (Stopped)
        {
            throw new CollectionTerminatedException(); // the searcher moves on to the next segment, which stops the same way
        }

        var reader = context.AtomicReader;
        if (type is Events.FieldType.Keyword or Events.FieldType.Boolean)
        {
            _ordinals = reader.GetSortedSetDocValues(field);
            if (_ordinals is not null && sampleSize is { } sample && _ordinals.ValueCount > 4L * sample)
            {
                _sparseCounts = [];
            }
            else if (_ordinals is not null)
            {
                _segmentCounts = new long[_ordinals.ValueCount];

                // Not for a sample: decoding reads every document of the segment, which a sample stops short of.
                _single = useSegmentOrdinals && sampleSize is null ? SegmentOrdinals.Of(reader, field) : null;
            }
        }
        else
        {
            _numbers = NumberDocValues.For(reader, field, type);
        }
    }

    public void Collect(int doc)
    {
        if (Total == sampleSize)
        {
            Stopped = true;
            throw new CollectionTerminatedException();
        }

        Total++;
        if (_single is not null)
        {
            var ordPlusOne = _single.OrdinalPlusOne(doc);
            if (ordPlusOne != 0)
            {
                _segmentCounts![ordPlusOne - 1]++;
                WithField++;
            }
        }
        else if (_ordinals is not null)
        {
            _ordinals.SetDocument(doc);
            var any = false;
            long ord;
            while ((ord = _ordinals.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                if (_segmentCounts is not null)
                {
                    _segmentCounts[ord]++;
                }
                else if (_sparseCounts is not null)
                {
                    _sparseCounts[ord] = _sparseCounts.GetValueOrDefault(ord) + 1;
                }

                any = true;
            }

            if (any)
            {
                WithField++;
            }
        }
        else if (_numbers is not null && _numbers.TryGet(doc, out var raw))
        {
            WithField++;
            var key = type == Events.FieldType.Double
                ? BitConverter.Int64BitsToDouble(raw).ToString("R", CultureInfo.InvariantCulture)
                : type == Events.FieldType.Date
                    ? Events.TimestampParser.Format(DateTimeOffset.FromUnixTimeMilliseconds(raw))
                    : raw.ToString(CultureInfo.InvariantCulture);
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>The counts, largest first, ties by value; call after the search.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Result()
    {
        FlushSegment();
        return _counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
    }

    private void FlushSegment()
    {
        if (_ordinals is null)
        {
            return;
        }

        var term = new BytesRef();
        void Add(long ord, long count)
        {
            _ordinals.LookupOrd(ord, term);
            var value = term.Utf8ToString();
            _counts[value] = _counts.GetValueOrDefault(value) + count;
        }

        if (_segmentCounts is not null)
        {
            for (var ord = 0; ord < _segmentCounts.Length; ord++)
            {
                if (_segmentCounts[ord] != 0)
                {
                    Add(ord, _segmentCounts[ord]);
                }
            }
        }

        foreach (var (ord, count) in _sparseCounts ?? [])
        {
            Add(ord, count);
        }

        _ordinals = null;
        _single = null;
        _segmentCounts = null;
        _sparseCounts = null;
    }
}
