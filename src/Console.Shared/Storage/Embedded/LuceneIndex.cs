using System.Globalization;
using Console.Shared.Events;
using Console.Shared.Query;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Console.Shared.Storage.Embedded;

/// <summary>One concrete index on disk (a Lucene directory) with its writer and near-real-time searchers.</summary>
internal sealed class LuceneIndex : IDisposable
{
    private readonly LuceneDirectory _directory;
    private Task _bufferWrite = Task.CompletedTask;
    private int _bufferWriting;
    private int _disposed;
    private long _lastSearched = NeverSearched;

    private const long NeverSearched = long.MinValue;

    /// <summary>Numeric doc values every document has (see <see cref="DenseDocValuesPatch"/>).</summary>
    internal static readonly string[] DenseDocValueFields = [LogSchema.Timestamp, IndexLayout.Sequence];

    /// <summary>
    /// Documents between two applications of <see cref="DenseDocValuesPatch"/> while writing: each takes ~10 reflective reads
    /// and a lock attempt per thread state, so at this interval it costs nothing next to indexing the documents.
    /// </summary>
    internal const int DensePatchInterval = 256;

    /// <summary>The commit-data key of the index's mapping version (the <see cref="NumberDocValuesEncoding"/> it was created with).</summary>
    internal const string MappingVersionKey = "console.mapping_version";

    private LuceneIndex(string name, string path, LuceneDirectory directory, IndexWriter writer, NumberDocValuesEncoding numbers)
    {
        Name = name;
        Numbers = numbers;
        Path = path;
        _directory = directory;
        Writer = writer;
        Searchers = new SearcherManager(writer, applyAllDeletes: true, searcherFactory: null);
    }

    public string Name { get; }

    public string Path { get; }

    public IndexWriter Writer { get; }

    /// <summary>How this index keeps the doc values of numeric and date fields; fixed when the index was created.</summary>
    public NumberDocValuesEncoding Numbers { get; }

    public SearcherManager Searchers { get; }

    public static LuceneIndex Open(string name, string path, Analyzer analyzer, int ramBufferMegabytes)
    {
        System.IO.Directory.CreateDirectory(path);
        var directory = new UntrackedMMapDirectory(path); // what FSDirectory.Open picks on 64-bit, without its per-clone record
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer)
        {
            Codec = ConsoleCodec.Instance,
            OpenMode = OpenMode.CREATE_OR_APPEND,
            RAMBufferSizeMB = ramBufferMegabytes,
            // Compound files copy every flushed or merged segment once more into a .cfs; an index has a few dozen files
            // without them, so they only cost indexing time here.
            UseCompoundFile = false,
            MergePolicy = NewMergePolicy(),
            // Lets a snapshot hold on to a commit's files while merges go on (see EmbeddedSnapshotRepository).
            IndexDeletionPolicy = new SnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy()),
        };
        var writer = new IndexWriter(directory, config);
        NumberDocValuesEncoding numbers;
        if (!DirectoryReader.IndexExists(directory))
        {
            numbers = NumberDocValuesEncoding.SortedBytes;
            // Commit data is carried into every later commit and into snapshots of the index.
            writer.SetCommitData(new Dictionary<string, string> { [MappingVersionKey] = ((int)numbers).ToString(CultureInfo.InvariantCulture) });
            writer.Commit(); // so a fresh index is listed and searchable before its first commit
        }
        else
        {
            numbers = MappingOf(writer.CommitData);
        }

        return new LuceneIndex(name, path, directory, writer, numbers);
    }

    /// <summary>
    /// Merges only neighbouring segments of similar size, as Elasticsearch does for time-based indices
    /// (elastic/elasticsearch#92684): events arrive in time order, so each segment keeps a time range of its own and a
    /// range query skips or wholly takes most of them. Lucene's tiered policy, used before, put a young index's largest
    /// segment into every merge of the small segments that a live index flushes twice a second, so it rewrote everything
    /// the index held every ~5 s (each event ~14 times in LuceneIndexMergeTests, 2.5 times with this policy), and those
    /// merges took the CPU that the live tail's viewers needed (BENCHMARKS.md, findings of 2026-11-27 14:05).
    /// Thirty-two segments a merge and a 2 MB floor are Elasticsearch's defaults for time-based data (MergePolicyConfig):
    /// with ten, the segments that the ingest indexer's commits flush were each merged about once more per million events,
    /// and those merges took a quarter of the console's CPU while ingesting (BENCHMARKS.md, findings of 2026-11-27 21:30).
    /// </summary>
    internal static MergePolicy NewMergePolicy() => new LogByteSizeMergePolicy { NoCFSRatio = 0, MergeFactor = 32, MinMergeMB = 2 };

    /// <summary>An index without a mapping version was written before there was one: numeric doc values.</summary>
    internal static NumberDocValuesEncoding MappingOf(IDictionary<string, string>? commitData) =>
        commitData is not null && commitData.TryGetValue(MappingVersionKey, out var text) &&
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && Enum.IsDefined((NumberDocValuesEncoding)version)
            ? (NumberDocValuesEncoding)version
            : NumberDocValuesEncoding.Numeric;

    public long DocCount => Writer.NumDocs;

    /// <summary>
    /// Notes a search at <paramref name="now"/> (a <see cref="TimeProvider"/> timestamp) and tells whether the index was
    /// search-idle before it: never searched, or not for <paramref name="idleAfterTicks"/>.
    /// </summary>
    public bool MarkSearched(long now, long idleAfterTicks) => IsIdle(Interlocked.Exchange(ref _lastSearched, now), now, idleAfterTicks);

    /// <summary>Whether the index has not been searched for <paramref name="idleAfterTicks"/> (or ever) at <paramref name="now"/>.</summary>
    public bool IsSearchIdle(long now, long idleAfterTicks) => IsIdle(Volatile.Read(ref _lastSearched), now, idleAfterTicks);

    private static bool IsIdle(long lastSearched, long now, long idleAfterTicks) =>
        lastSearched == NeverSearched || now - lastSearched >= idleAfterTicks;

    /// <summary>The deletion policy that keeps a snapshotted commit's files until it is released.</summary>
    public SnapshotDeletionPolicy CommitSnapshots => (SnapshotDeletionPolicy)Writer.Config.IndexDeletionPolicy;

    public long SizeBytes =>
        new DirectoryInfo(Path).EnumerateFiles().Where(f => f.Name != IndexWriter.WRITE_LOCK_NAME).Sum(f => f.Length);

    /// <summary>
    /// Once the writer's in-memory segment holds <paramref name="thresholdBytes"/> or more, writes it to disk from a pool
    /// thread, as Elasticsearch's indexing memory controller does: left to Lucene, the segment is written when it reaches
    /// the RAM buffer's size, by the thread that added the document, and that thread indexes nothing meanwhile (~2 s per
    /// 64 MB here). The write is a near-real-time refresh, so the documents also become searchable. At most one runs per
    /// index; <paramref name="failed"/> gets what it threw.
    /// </summary>
    /// <returns>Whether a write was started.</returns>
    public bool WriteBufferInBackground(long thresholdBytes, Action<LuceneIndex, Exception> failed)
    {
        if (Volatile.Read(ref _bufferWriting) != 0 || Volatile.Read(ref _disposed) != 0 || Writer.RamSizeInBytes() < thresholdBytes ||
            Interlocked.Exchange(ref _bufferWriting, 1) != 0)
        {
            return false;
        }

        _bufferWrite = Task.Run(() =>
        {
            try
            {
                Searchers.MaybeRefreshBlocking();
            }
            catch (Exception ex) when (Volatile.Read(ref _disposed) == 0)
            {
                failed(this, ex);
            }
            catch (Exception) when (Volatile.Read(ref _disposed) != 0)
            {
                // Closed while writing: closing the writer commits what was buffered.
            }
            finally
            {
                Volatile.Write(ref _bufferWriting, 0);
            }
        });
        return true;
    }

    /// <summary>
    /// Adds the documents of <paramref name="events"/>, numbered from <paramref name="firstSequence"/> in their order, each
    /// replacing the document of its id when the index may hold it already. Returns the number of values flagged (kept in
    /// _source, not indexed as their field's type).
    /// </summary>
    /// <remarks>
    /// Each in-memory segment's writers of <see cref="DenseDocValueFields"/> are freed of their docs-with-field bitset
    /// (<see cref="DenseDocValuesPatch"/>) after the first document and every <see cref="DensePatchInterval"/> after it: a
    /// segment started by a flush in the middle of a batch (a refresh, a commit) paid Lucene.Net's reflective measure for
    /// every value until the batch ended, which for batches of 20,000 events was up to two fifths of the documents.
    /// </remarks>
    public int Write(IReadOnlyList<LogEvent> events, DocumentBuilder builder, long firstSequence)
    {
        var flagged = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var logEvent = events[i];
            var doc = builder.Build(logEvent, firstSequence + i, Numbers, out var flaggedValues);
            if (logEvent.MayExist)
            {
                // Replays and sender-chosen ids replace: an id indexed twice is stored once.
                Writer.UpdateDocument(new Term(LogSchema.IdField, logEvent.Id), doc);
            }
            else
            {
                Writer.AddDocument(doc);
            }

            flagged += flaggedValues;
            if (i % DensePatchInterval == 0 || i == events.Count - 1)
            {
                DenseDocValuesPatch.Apply(Writer, DenseDocValueFields);
            }
        }

        return flagged;
    }

    public void Commit()
    {
        if (Writer.HasUncommittedChanges())
        {
            Writer.Commit();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _bufferWrite.Wait(); // never throws: the write hands its failure to its caller's callback
        Searchers.Dispose();
        Writer.Dispose(); // commits what is pending
        _directory.Dispose();
    }
}
