using System.Globalization;
using Console.Shared.Events;
using Console.Shared.Query.Limits;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Computes an <see cref="AggregationRequest"/> over the matching documents from doc values alone. Without a split every
/// document is aggregated as it is collected. With a split, the top values must be known before a document can be put
/// in its series, so collecting only counts the split values and marks the document in a bitset of its segment (an eighth
/// of a byte per document); <see cref="Finish"/> then picks the top values and replays the marked documents. The query
/// runs once either way (Elasticsearch's breadth-first terms collection does the same).
/// </summary>
/// <remarks>
/// Each document adds to up to four slots: the whole result, its time bucket, its split value, and its split value in its
/// time bucket. Slot i of the arrays is laid out as 0, then 1 + bucket, then 1 + B + value, then 1 + B + N + bucket * N + value.
/// </remarks>
internal sealed class AggregationCollector : ICollector
{
    private readonly TimeBuckets? _time;
    private readonly int _bucketCount;
    private readonly FieldSplit? _split;
    private readonly FieldType? _splitType;
    private readonly AggregationMetric _metric;
    private readonly FieldType? _metricType;
    private readonly CancellationToken _cancellationToken;

    // Split, first pass: documents per segment and value counts over the whole query.
    private readonly List<(AtomicReaderContext Context, FixedBitSet Docs)> _marked = [];
    private readonly Dictionary<string, long> _keywordCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<long, long> _numberCounts = [];
    private FixedBitSet? _segmentDocs;

    // A count split by a keyword is counted per value and time bucket as it is collected, without a replay, while the
    // segment's values times the buckets stay small; the counts are keyed by value across segments.
    private const int MaxDirectCells = 65_536;
    private const int MaxDirectValues = 10_000;
    private readonly Dictionary<string, long[]> _directCounts = new(StringComparer.Ordinal);
    private long[]? _segmentCells;
    private long _directTotal;
    private long[] _directBucketTotals = [];
    private long[] _directMissing = [];
    private long[]? _segmentOrdCounts;
    private long _firstPassMissing;

    // The split values chosen: N of them, with what is outside them over the whole query.
    private string[] _topKeys = [];
    private long _otherTotal;
    private int _topCount;

    // Per-segment readers of the aggregating pass.
    private SegmentTimestamps? _timestamps;
    private SortedSetDocValues? _splitOrds;
    private SegmentOrdinals? _splitSingle;
    private int[]? _ordToTop;
    private NumberDocValues? _splitNumbers;
    private Dictionary<long, int>? _numberToTop;
    private NumberDocValues? _metricNumbers;
    private SortedSetDocValues? _metricOrds;
    private double[]? _ordNumbers;
    private int[]? _ordGlobalIds;
    private readonly Dictionary<string, int> _globalIds = new(StringComparer.Ordinal);

    // Per slot.
    private long[] _counts = [];
    private long[] _otherPerBucket = [];
    private long[] _missingPerBucket = [];
    private double[] _sums = [];
    private long[] _valueCounts = [];
    private double[] _mins = [];
    private double[] _maxes = [];
    private List<double>?[] _values = [];
    private HashSet<long>?[] _distinct = [];
    private long _heldValues;

    private int[] _docTops = new int[16];
    private int _processed;

    public AggregationCollector(
        TimeBuckets? time, FieldSplit? split, FieldType? splitType, AggregationMetric metric, FieldType? metricType, CancellationToken cancellationToken)
    {
        _time = time;
        _bucketCount = time?.Count ?? 0;
        _split = split;
        _splitType = splitType;
        _metric = metric;
        _metricType = metricType;
        _cancellationToken = cancellationToken;
        if (split is null)
        {
            Allocate(0);
        }
    }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (_split is null)
        {
            PrepareSegment(context.AtomicReader);
            return;
        }

        FlushSegmentCounts();
        var reader = context.AtomicReader;
        _segmentDocs = null;
        _segmentCells = null;
        _splitOrds = null;
        _splitSingle = null;
        _splitNumbers = null;
        if (_splitType is FieldType.Keyword or FieldType.Boolean)
        {
            _splitOrds = reader.GetSortedSetDocValues(_split.Field);
            _splitSingle = _splitOrds is null ? null : SegmentOrdinals.Of(reader, _split.Field);
            _segmentOrdCounts = _splitOrds is null ? null : new long[_splitOrds.ValueCount];
            var cells = (_splitOrds?.ValueCount ?? 0) * BucketsOrOne;
            if (_metric.Kind == MetricKind.Count && cells <= MaxDirectCells && _directCounts.Count <= MaxDirectValues)
            {
                _segmentCells = new long[cells];
                _timestamps = _time is null ? null : SegmentTimestamps.Of(reader);
                if (_directBucketTotals.Length == 0)
                {
                    _directBucketTotals = new long[BucketsOrOne];
                    _directMissing = new long[BucketsOrOne];
                }
            }
        }
        else if (_splitType is not null)
        {
            _splitNumbers = NumberDocValues.For(reader, _split.Field, _splitType.Value);
        }

        if (_segmentCells is null)
        {
            _segmentDocs = new FixedBitSet(reader.MaxDoc);
            _marked.Add((context, _segmentDocs));
        }
    }

    public void Collect(int doc)
    {
        if (_split is null)
        {
            Aggregate(doc);
            return;
        }

        if (_segmentCells is not null)
        {
            CountDirectly(doc);
            return;
        }

        _segmentDocs!.Set(doc);
        if (_splitSingle is not null && _segmentOrdCounts is not null)
        {
            var ordPlusOne = _splitSingle.OrdinalPlusOne(doc);
            if (ordPlusOne == 0)
            {
                _firstPassMissing++;
            }
            else
            {
                _segmentOrdCounts[ordPlusOne - 1]++;
            }
        }
        else if (_splitOrds is not null && _segmentOrdCounts is not null)
        {
            _splitOrds.SetDocument(doc);
            var any = false;
            long ord;
            while ((ord = _splitOrds.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                _segmentOrdCounts[ord]++;
                any = true;
            }

            if (!any)
            {
                _firstPassMissing++;
            }
        }
        else if (_splitNumbers is not null && _splitNumbers.TryGet(doc, out var raw))
        {
            var key = NumberKey(raw);
            _numberCounts[key] = _numberCounts.GetValueOrDefault(key) + 1;
        }
        else
        {
            _firstPassMissing++;
        }
    }

    private int BucketsOrOne => Math.Max(_bucketCount, 1);

    /// <summary>Counts a document under its split values and time bucket at once (a count split by a keyword).</summary>
    private void CountDirectly(int doc)
    {
        var bucket = 0;
        if (_time is { } time)
        {
            var index = _timestamps is null || !_timestamps.Has(doc) ? -1 : (_timestamps.Get(doc) - time.OriginMillis) / time.IntervalMillis;
            if (index < 0 || index >= _bucketCount)
            {
                return;
            }

            bucket = (int)index;
        }

        _directTotal++;
        _directBucketTotals[bucket]++;
        var any = false;
        if (_splitSingle is not null)
        {
            var ordPlusOne = _splitSingle.OrdinalPlusOne(doc);
            if (ordPlusOne != 0)
            {
                _segmentOrdCounts![ordPlusOne - 1]++;
                _segmentCells![((ordPlusOne - 1) * BucketsOrOne) + bucket]++;
                any = true;
            }
        }
        else if (_splitOrds is not null)
        {
            _splitOrds.SetDocument(doc);
            long ord;
            while ((ord = _splitOrds.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                _segmentOrdCounts![ord]++;
                _segmentCells![(ord * BucketsOrOne) + bucket]++;
                any = true;
            }
        }

        if (!any)
        {
            _firstPassMissing++;
            _directMissing[bucket]++;
        }
    }

    /// <summary>Adds what was counted directly to the slots, once the top values are known.</summary>
    private void MergeDirectCounts()
    {
        if (_directBucketTotals.Length == 0)
        {
            return;
        }

        _counts[0] += _directTotal;
        for (var b = 0; b < _bucketCount; b++)
        {
            _counts[1 + b] += _directBucketTotals[b];
            _missingPerBucket[b] += _directMissing[b];
        }

        var topOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < _topKeys.Length; k++)
        {
            topOf[_topKeys[k]] = k;
        }

        foreach (var (key, perBucket) in _directCounts)
        {
            if (topOf.TryGetValue(key, out var k))
            {
                _counts[1 + _bucketCount + k] += perBucket.Sum();
                for (var b = 0; b < _bucketCount; b++)
                {
                    _counts[1 + _bucketCount + _topCount + b * _topCount + k] += perBucket[b];
                }
            }
            else
            {
                for (var b = 0; b < _bucketCount; b++)
                {
                    _otherPerBucket[b] += perBucket[b];
                }
            }
        }
    }

    /// <summary>Collects every live document of a segment whose time lies in [from, to]: the whole of a match-all query, without a scorer.</summary>
    public void CollectSegment(AtomicReaderContext context, long fromMillis, long toMillis)
    {
        var reader = context.AtomicReader;
        var timestamps = SegmentTimestamps.Of(reader);
        if (timestamps.IsEmpty)
        {
            return;
        }

        SetNextReader(context);
        var live = reader.LiveDocs;
        var whole = timestamps.Min >= fromMillis && timestamps.Max <= toMillis;
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if (live?.Get(doc) == false || !timestamps.Has(doc))
            {
                continue;
            }

            if (whole || (timestamps.Get(doc) is var millis && millis >= fromMillis && millis <= toMillis))
            {
                Collect(doc);
            }
        }
    }

    /// <summary>The result; call once after the search.</summary>
    public AggregationResult Finish()
    {
        if (_split is not null)
        {
            FlushSegmentCounts();
            ChooseTopValues();
            MergeDirectCounts();
            foreach (var (context, docs) in _marked)
            {
                PrepareSegment(context.AtomicReader);
                PrepareSplitSegment(context.AtomicReader);
                var iterator = docs.GetIterator();
                int doc;
                while ((doc = iterator.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                {
                    Aggregate(doc);
                }
            }

            _marked.Clear();
        }

        var split = _split is null ? null : new SplitResult(SplitValues(slotOfFirst: 1 + _bucketCount), _otherTotal, _firstPassMissing);
        var buckets = new List<AggregationBucket>(_bucketCount);
        for (var b = 0; b < _bucketCount; b++)
        {
            var bucketSplit = _split is null ? null : new SplitResult(SplitValues(1 + _bucketCount + _topCount + b * _topCount), _otherPerBucket[b], _missingPerBucket[b]);
            buckets.Add(new AggregationBucket(_time!.Value.StartOf(b), _counts[1 + b], MetricOf(1 + b), bucketSplit));
        }

        return new AggregationResult(_counts[0], MetricOf(0), split, _time?.Interval, buckets);
    }

    private List<SplitValue> SplitValues(int slotOfFirst)
    {
        var values = new List<SplitValue>(_topCount);
        for (var k = 0; k < _topCount; k++)
        {
            values.Add(new SplitValue(_topKeys[k], _counts[slotOfFirst + k], MetricOf(slotOfFirst + k)));
        }

        return values;
    }

    private void Allocate(int topCount)
    {
        _topCount = topCount;
        var slots = 1 + _bucketCount + topCount + _bucketCount * topCount;
        _counts = new long[slots];
        _otherPerBucket = new long[_bucketCount];
        _missingPerBucket = new long[_bucketCount];
        switch (_metric.Kind)
        {
            case MetricKind.Avg or MetricKind.Sum or MetricKind.Min or MetricKind.Max:
                _sums = new double[slots];
                _valueCounts = new long[slots];
                _mins = new double[slots];
                _maxes = new double[slots];
                Array.Fill(_mins, double.PositiveInfinity);
                Array.Fill(_maxes, double.NegativeInfinity);
                break;
            case MetricKind.Percentiles:
                _values = new List<double>?[slots];
                break;
            case MetricKind.Cardinality:
                _distinct = new HashSet<long>?[slots];
                break;
        }
    }

    private void FlushSegmentCounts()
    {
        if (_splitOrds is null || _segmentOrdCounts is null)
        {
            return;
        }

        var term = new BytesRef();
        for (var ord = 0; ord < _segmentOrdCounts.Length; ord++)
        {
            if (_segmentOrdCounts[ord] == 0)
            {
                continue;
            }

            _splitOrds.LookupOrd(ord, term);
            var value = term.Utf8ToString();
            _keywordCounts[value] = _keywordCounts.GetValueOrDefault(value) + _segmentOrdCounts[ord];
            if (_segmentCells is not null)
            {
                if (!_directCounts.TryGetValue(value, out var perBucket))
                {
                    _directCounts[value] = perBucket = new long[BucketsOrOne];
                }

                for (var b = 0; b < perBucket.Length; b++)
                {
                    perBucket[b] += _segmentCells[(ord * BucketsOrOne) + b];
                }
            }
        }

        _segmentOrdCounts = null;
        _segmentCells = null;
    }

    private void ChooseTopValues()
    {
        var size = _split!.Size;
        List<(string Key, long Count, long Raw)> top;
        if (_splitType is FieldType.Keyword or FieldType.Boolean)
        {
            var ordered = _keywordCounts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
            top = ordered.Take(size).Select(p => (p.Key, p.Value, 0L)).ToList();
            _otherTotal = ordered.Skip(size).Sum(p => p.Value);
        }
        else
        {
            var ordered = _numberCounts.OrderByDescending(p => p.Value).ThenBy(p => NumberKeyValue(p.Key)).ToList();
            top = ordered.Take(size).Select(p => (FormatNumberKey(p.Key), p.Value, p.Key)).ToList();
            _otherTotal = ordered.Skip(size).Sum(p => p.Value);
            _numberToTop = [];
            for (var k = 0; k < top.Count; k++)
            {
                _numberToTop[top[k].Raw] = k;
            }
        }

        _topKeys = top.Select(t => t.Key).ToArray();
        Allocate(top.Count);
    }

    private void PrepareSegment(AtomicReader reader)
    {
        _timestamps = _time is null ? null : SegmentTimestamps.Of(reader);
        _metricNumbers = null;
        _metricOrds = null;
        _ordNumbers = null;
        _ordGlobalIds = null;
        if (_metric.Kind == MetricKind.Count || _metricType is null || _metric.Field is null)
        {
            return;
        }

        if (_metricType is FieldType.Keyword or FieldType.Boolean)
        {
            _metricOrds = reader.GetSortedSetDocValues(_metric.Field);
            if (_metricOrds is not null)
            {
                if (_metric.Kind == MetricKind.Cardinality)
                {
                    _ordGlobalIds = new int[_metricOrds.ValueCount];
                    Array.Fill(_ordGlobalIds, -1);
                }
                else
                {
                    _ordNumbers = new double[_metricOrds.ValueCount];
                    Array.Fill(_ordNumbers, double.NaN); // not read yet; a keyword that is not a number never gets here twice
                }
            }
        }
        else
        {
            _metricNumbers = NumberDocValues.For(reader, _metric.Field, _metricType.Value);
        }
    }

    private void PrepareSplitSegment(AtomicReader reader)
    {
        _splitOrds = null;
        _splitSingle = null;
        _splitNumbers = null;
        _ordToTop = null;
        if (_splitType is FieldType.Keyword or FieldType.Boolean)
        {
            _splitOrds = reader.GetSortedSetDocValues(_split!.Field);
            if (_splitOrds is not null)
            {
                _splitSingle = SegmentOrdinals.Of(reader, _split.Field);
                _ordToTop = new int[_splitOrds.ValueCount];
                Array.Fill(_ordToTop, -1);
                for (var k = 0; k < _topKeys.Length; k++)
                {
                    var ord = _splitOrds.LookupTerm(new BytesRef(_topKeys[k]));
                    if (ord >= 0)
                    {
                        _ordToTop[ord] = k;
                    }
                }
            }
        }
        else if (_splitType is not null)
        {
            _splitNumbers = NumberDocValues.For(reader, _split!.Field, _splitType.Value);
        }
    }

    private void Aggregate(int doc)
    {
        if ((++_processed & 0xFFFF) == 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            QueryCancellation.ThrowIfCancelled(); // the search timeout, for the doc-values walk that has no searcher
        }

        var bucket = -1;
        if (_time is { } time)
        {
            if (_timestamps is null || !_timestamps.Has(doc))
            {
                return;
            }

            var index = (_timestamps.Get(doc) - time.OriginMillis) / time.IntervalMillis;
            if (index < 0 || index >= _bucketCount)
            {
                return;
            }

            bucket = (int)index;
        }

        var tops = _split is null ? 0 : SplitOf(doc, bucket);
        _counts[0]++;
        if (bucket >= 0)
        {
            _counts[1 + bucket]++;
        }

        for (var i = 0; i < tops; i++)
        {
            _counts[1 + _bucketCount + _docTops[i]]++;
            if (bucket >= 0)
            {
                _counts[1 + _bucketCount + _topCount + bucket * _topCount + _docTops[i]]++;
            }
        }

        if (_metric.Kind != MetricKind.Count)
        {
            AddMetric(doc, bucket, tops);
        }
    }

    /// <summary>Puts the doc's top split values in <see cref="_docTops"/> and returns how many; counts its other values and whether it has none.</summary>
    private int SplitOf(int doc, int bucket)
    {
        var tops = 0;
        long others = 0;
        var missing = true;
        if (_splitSingle is not null && _ordToTop is not null)
        {
            var ordPlusOne = _splitSingle.OrdinalPlusOne(doc);
            if (ordPlusOne != 0)
            {
                missing = false;
                var top = _ordToTop[ordPlusOne - 1];
                if (top < 0)
                {
                    others++;
                }
                else
                {
                    _docTops[tops++] = top;
                }
            }
        }
        else if (_splitOrds is not null && _ordToTop is not null)
        {
            _splitOrds.SetDocument(doc);
            long ord;
            while ((ord = _splitOrds.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                missing = false;
                var top = _ordToTop[ord];
                if (top < 0)
                {
                    others++;
                }
                else
                {
                    if (tops == _docTops.Length)
                    {
                        Array.Resize(ref _docTops, tops * 2);
                    }

                    _docTops[tops++] = top;
                }
            }
        }
        else if (_splitNumbers is not null && _splitNumbers.TryGet(doc, out var raw))
        {
            missing = false;
            if (_numberToTop!.TryGetValue(NumberKey(raw), out var top))
            {
                _docTops[tops++] = top;
            }
            else
            {
                others++;
            }
        }

        if (bucket >= 0)
        {
            _otherPerBucket[bucket] += others;
            if (missing)
            {
                _missingPerBucket[bucket]++;
            }
        }

        return tops;
    }

    private void AddMetric(int doc, int bucket, int tops)
    {
        if (_metricNumbers is not null)
        {
            if (!_metricNumbers.TryGet(doc, out var raw))
            {
                return;
            }

            if (_metric.Kind == MetricKind.Cardinality)
            {
                AddToSlots(bucket, tops, raw, 0);
            }
            else
            {
                AddToSlots(bucket, tops, 0, _metricType == FieldType.Double ? BitConverter.Int64BitsToDouble(raw) : raw);
            }
        }
        else if (_metricOrds is not null)
        {
            _metricOrds.SetDocument(doc);
            long ord;
            while ((ord = _metricOrds.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                if (_ordGlobalIds is not null)
                {
                    AddToSlots(bucket, tops, GlobalIdOf(ord), 0);
                }
                else
                {
                    AddToSlots(bucket, tops, 0, NumberOf(ord));
                }
            }
        }
    }

    private void AddToSlots(int bucket, int tops, long key, double value)
    {
        Add(0, key, value);
        if (bucket >= 0)
        {
            Add(1 + bucket, key, value);
        }

        for (var i = 0; i < tops; i++)
        {
            Add(1 + _bucketCount + _docTops[i], key, value);
            if (bucket >= 0)
            {
                Add(1 + _bucketCount + _topCount + bucket * _topCount + _docTops[i], key, value);
            }
        }
    }

    private void Add(int slot, long key, double value)
    {
        switch (_metric.Kind)
        {
            case MetricKind.Percentiles:
                if (++_heldValues > AggregationLimits.MaxPercentileValues)
                {
                    throw new StoreRequestException(
                        $"exact percentiles of {_metric.Field} would hold more than {AggregationLimits.MaxPercentileValues:N0} values; narrow the query or the time range, or split less");
                }

                (_values[slot] ??= []).Add(value);
                break;
            case MetricKind.Cardinality:
                if ((_distinct[slot] ??= []).Add(key) && ++_heldValues > AggregationLimits.MaxCardinalityValues)
                {
                    throw new StoreRequestException(
                        $"exact cardinality of {_metric.Field} would hold more than {AggregationLimits.MaxCardinalityValues:N0} distinct values; narrow the query or the time range, or split less");
                }

                break;
            default:
                _sums[slot] += value;
                _valueCounts[slot]++;
                _mins[slot] = Math.Min(_mins[slot], value);
                _maxes[slot] = Math.Max(_maxes[slot], value);
                break;
        }
    }

    private int GlobalIdOf(long ord)
    {
        var id = _ordGlobalIds![ord];
        if (id < 0)
        {
            var term = new BytesRef();
            _metricOrds!.LookupOrd(ord, term);
            var value = term.Utf8ToString();
            if (!_globalIds.TryGetValue(value, out id))
            {
                id = _globalIds.Count;
                _globalIds[value] = id;
            }

            _ordGlobalIds[ord] = id;
        }

        return id;
    }

    /// <summary>A keyword value read as a number, once per segment and value; a value that is not one ends the aggregation.</summary>
    private double NumberOf(long ord)
    {
        var number = _ordNumbers![ord];
        if (double.IsNaN(number))
        {
            var term = new BytesRef();
            _metricOrds!.LookupOrd(ord, term);
            var text = term.Utf8ToString();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) || !double.IsFinite(number))
            {
                throw new StoreRequestException(
                    $"{AggregationRequests.NameOf(_metric.Kind)} needs numbers, but {_metric.Field} is a keyword field holding '{Shorten(text)}'");
            }

            _ordNumbers[ord] = number;
        }

        return number;
    }

    private MetricValue MetricOf(int slot)
    {
        switch (_metric.Kind)
        {
            case MetricKind.Count:
                return MetricValue.Of(_counts[slot]);
            case MetricKind.Sum:
                return MetricValue.Of(_sums[slot]);
            case MetricKind.Avg:
                return MetricValue.Of(_valueCounts[slot] == 0 ? null : _sums[slot] / _valueCounts[slot]);
            case MetricKind.Min:
                return MetricValue.Of(_valueCounts[slot] == 0 ? null : _mins[slot]);
            case MetricKind.Max:
                return MetricValue.Of(_valueCounts[slot] == 0 ? null : _maxes[slot]);
            case MetricKind.Cardinality:
                return MetricValue.Of(_distinct[slot]?.Count ?? 0);
            case MetricKind.Percentiles:
                var values = _values[slot];
                values?.Sort();
                return new MetricValue(null, _metric.EffectivePercents.Select(p => new PercentileValue(p, Percentile(values, p))).ToList());
            default:
                throw new StoreRequestException($"unknown metric {_metric.Kind}");
        }
    }

    /// <summary>Linear interpolation between the closest ranks (numpy's default, Excel's PERCENTILE.INC) over sorted values.</summary>
    internal static double? Percentile(List<double>? sorted, double percent)
    {
        if (sorted is null || sorted.Count == 0)
        {
            return null;
        }

        var rank = percent / 100 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    /// <summary>The key a numeric split value counts under: its raw doc value, or with an interval the bits of its range's lower bound.</summary>
    private long NumberKey(long raw)
    {
        if (_split!.Interval is not { } interval)
        {
            return raw;
        }

        var value = _splitType == FieldType.Double ? BitConverter.Int64BitsToDouble(raw) : raw;
        return BitConverter.DoubleToInt64Bits(Math.Floor(value / interval) * interval);
    }

    private double NumberKeyValue(long key) =>
        _split!.Interval is not null || _splitType == FieldType.Double ? BitConverter.Int64BitsToDouble(key) : key;

    private string FormatNumberKey(long key)
    {
        if (_split!.Interval is not null || _splitType == FieldType.Double)
        {
            return BitConverter.Int64BitsToDouble(key).ToString("R", CultureInfo.InvariantCulture);
        }

        return _splitType == FieldType.Date
            ? TimestampParser.Format(DateTimeOffset.FromUnixTimeMilliseconds(key))
            : key.ToString(CultureInfo.InvariantCulture);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
