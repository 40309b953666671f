using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Exact value counts of one field over every matching document, from doc values: ordinals per segment for keywords,
/// numbers for numeric fields. Each document counts once per distinct value.
/// </summary>
internal sealed class TopValuesCollector(string field, Events.FieldType type) : ICollector
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private SortedSetDocValues? _ordinals;
    private long[]? _segmentCounts;
    private NumericDocValues? _numbers;
    private IBits? _hasNumber;

    public long Total { get; private set; }

    public long WithField { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        var reader = context.AtomicReader;
        if (type is Events.FieldType.Keyword or Events.FieldType.Boolean)
        {
            _ordinals = reader.GetSortedSetDocValues(field);
            _segmentCounts = _ordinals is null ? null : new long[_ordinals.ValueCount];
        }
        else
        {
            _numbers = reader.GetNumericDocValues(field);
            _hasNumber = reader.GetDocsWithField(field);
        }
    }

    public void Collect(int doc)
    {
        Total++;
        if (_ordinals is not null && _segmentCounts is not null)
        {
            _ordinals.SetDocument(doc);
            var any = false;
            long ord;
            while ((ord = _ordinals.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                _segmentCounts[ord]++;
                any = true;
            }

            if (any)
            {
                WithField++;
            }
        }
        else if (_numbers is not null && _hasNumber is not null && _hasNumber.Get(doc))
        {
            WithField++;
            var raw = _numbers.Get(doc);
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
        if (_ordinals is null || _segmentCounts is null)
        {
            return;
        }

        var term = new BytesRef();
        for (var ord = 0; ord < _segmentCounts.Length; ord++)
        {
            if (_segmentCounts[ord] == 0)
            {
                continue;
            }

            _ordinals.LookupOrd(ord, term);
            var value = term.Utf8ToString();
            _counts[value] = _counts.GetValueOrDefault(value) + _segmentCounts[ord];
        }

        _ordinals = null;
        _segmentCounts = null;
    }
}
