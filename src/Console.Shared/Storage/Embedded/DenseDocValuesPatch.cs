using System.Collections;
using System.Reflection;
using Lucene.Net.Index;
using FieldInfo = System.Reflection.FieldInfo;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Works around a Lucene.Net 4.8.0-beta00017 cost that Java Lucene does not have: for every numeric doc value of every
/// document, <c>NumericDocValuesWriter.AddValue</c> measures its docs-with-field bitset with
/// <c>RamUsageEstimator.SizeOf(object)</c>, a reflective object-graph walk (it passes the bitset as <c>IBits</c>, so the
/// <c>long[]</c> overload is not chosen). That walk was 18 % of the indexing threads' time. For fields every document has
/// (<c>@timestamp</c>, <c>_seq</c>) the bitset is all ones, and a writer without it (Lucene's <c>trackDocsWithField:
/// false</c>, used for norms) writes the same segment. So while a batch is written (<see cref="LuceneIndex.Write"/>, after
/// its first document and every <see cref="LuceneIndex.DensePatchInterval"/> after it) each in-memory segment's writers of
/// those fields drop their bitset. Only a segment that no indexing thread holds is touched (its thread-state lock is taken,
/// the lock indexing and flushing take too). If the internals are not found (another Lucene.Net version), nothing is changed;
/// <see cref="IsAvailable"/> tells, and a test checks it for the pinned version.
/// </summary>
internal static class DenseDocValuesPatch
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    private static readonly Assembly Lucene = typeof(IndexWriter).Assembly;
    private static readonly FieldInfo? DocWriter = typeof(IndexWriter).GetField("docWriter", Instance);
    private static readonly FieldInfo? PerThreadPool = Lucene.GetType("Lucene.Net.Index.DocumentsWriter")?.GetField("perThreadPool", Instance);
    private static readonly Type? PoolType = Lucene.GetType("Lucene.Net.Index.DocumentsWriterPerThreadPool");
    private static readonly FieldInfo? ThreadStates = PoolType?.GetField("threadStates", Instance);
    private static readonly Type? ThreadStateType = Lucene.GetType("Lucene.Net.Index.DocumentsWriterPerThreadPool+ThreadState");
    private static readonly FieldInfo? Dwpt = ThreadStateType?.GetField("dwpt", Instance);
    private static readonly MethodInfo? TryLock = ThreadStateType?.GetMethod("TryLock", Instance, Type.EmptyTypes);
    private static readonly MethodInfo? Unlock = ThreadStateType?.GetMethod("Unlock", Instance, Type.EmptyTypes);
    private static readonly FieldInfo? Consumer = Lucene.GetType("Lucene.Net.Index.DocumentsWriterPerThread")?.GetField("consumer", Instance);
    private static readonly FieldInfo? StoredConsumer = Lucene.GetType("Lucene.Net.Index.DocFieldProcessor")?.GetField("storedConsumer", Instance);
    private static readonly FieldInfo? SecondConsumer = Lucene.GetType("Lucene.Net.Index.TwoStoredFieldsConsumers")?.GetField("second", BindingFlags.Instance | BindingFlags.NonPublic);
    private static readonly FieldInfo? Writers = Lucene.GetType("Lucene.Net.Index.DocValuesProcessor")?.GetField("writers", BindingFlags.Instance | BindingFlags.NonPublic);
    private static readonly Type? NumericWriterType = Lucene.GetType("Lucene.Net.Index.NumericDocValuesWriter");
    private static readonly FieldInfo? DocsWithField = NumericWriterType?.GetField("docsWithField", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>Whether every internal the patch needs exists in the loaded Lucene.Net.</summary>
    public static bool IsAvailable { get; } =
        DocWriter is not null && PerThreadPool is not null && ThreadStates is not null && Dwpt is not null && TryLock is not null &&
        Unlock is not null && Consumer is not null && StoredConsumer is not null && SecondConsumer is not null && Writers is not null &&
        NumericWriterType is not null && DocsWithField is not null;

    /// <summary>
    /// Drops the docs-with-field bitset of <paramref name="denseFields"/>' numeric doc-values writers in the writer's
    /// in-memory segments. Every document indexed so far and from now on in those segments must have a value of each.
    /// </summary>
    /// <returns>How many writers were changed.</returns>
    public static int Apply(IndexWriter writer, IReadOnlyList<string> denseFields)
    {
        if (!IsAvailable || DocWriter!.GetValue(writer) is not { } documentsWriter ||
            PerThreadPool!.GetValue(documentsWriter) is not { } pool || ThreadStates!.GetValue(pool) is not Array states)
        {
            return 0;
        }

        var changed = 0;
        foreach (var state in states)
        {
            if (state is null || TryLock!.Invoke(state, null) is not true)
            {
                continue; // an indexing or flushing thread holds it; the next batch gets it
            }

            try
            {
                changed += ApplyToSegment(Dwpt!.GetValue(state), denseFields);
            }
            finally
            {
                Unlock!.Invoke(state, null);
            }
        }

        return changed;
    }

    private static int ApplyToSegment(object? segment, IReadOnlyList<string> denseFields)
    {
        if (segment is null || Consumer!.GetValue(segment) is not { } processor || processor.GetType() != StoredConsumer!.DeclaringType ||
            StoredConsumer.GetValue(processor) is not { } stored || stored.GetType() != SecondConsumer!.DeclaringType ||
            SecondConsumer.GetValue(stored) is not { } docValues || docValues.GetType() != Writers!.DeclaringType ||
            Writers.GetValue(docValues) is not IDictionary writers)
        {
            return 0;
        }

        var changed = 0;
        foreach (var field in denseFields)
        {
            if (writers.Contains(field) && writers[field] is { } fieldWriter && fieldWriter.GetType() == NumericWriterType &&
                DocsWithField!.GetValue(fieldWriter) is not null)
            {
                DocsWithField.SetValue(fieldWriter, null);
                changed++;
            }
        }

        return changed;
    }
}
