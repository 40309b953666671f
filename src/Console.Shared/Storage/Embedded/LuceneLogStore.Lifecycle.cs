using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Storage.Lifecycle;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The store's side of lifecycle and snapshots: read-only indices, merging, closing cold indices and attaching restored
/// ones. Kept apart from the read and write paths; <see cref="EmbeddedLifecycleJob"/>, <see cref="EmbeddedIndexAdministration"/>
/// and <see cref="EmbeddedSnapshotRepository"/> use it.
/// </summary>
public sealed partial class LuceneLogStore
{
    /// <summary>Index family of events refused because their index is read-only, as the Elasticsearch store's dead letters.</summary>
    public const string DeadLetterIndexBase = "console-deadletter";

    private EmbeddedIndexPhases? _phases;
    private long _refusedWrites;

    /// <summary>Events sent to a read-only (warm or cold) index since start; each was written to the dead-letter index with the reason.</summary>
    public long RefusedWrites => Interlocked.Read(ref _refusedWrites);

    /// <summary>The folder holding the index folders.</summary>
    internal string IndexRoot => _root;

    private EmbeddedIndexPhases Phases => LazyInitializer.EnsureInitialized(ref _phases, () => new EmbeddedIndexPhases(Path.Combine(_root, "_lifecycle.json")));

    /// <summary>The names of the concrete indices matching the pattern, sorted.</summary>
    internal IReadOnlyList<string> IndexNamesMatching(string indexPattern) =>
        _indices.Keys.Where(n => IndexNames.MatchesPattern(n, indexPattern)).Order(StringComparer.Ordinal).ToList();

    internal bool Exists(string name) => _indices.ContainsKey(name);

    /// <summary>Whether the index's writer is open (a cold index stays closed until a search or snapshot needs it).</summary>
    internal bool IsOpen(string name) => _indices.TryGetValue(name, out var lazy) && lazy.IsValueCreated;

    /// <summary>The index, opened if it was closed; null when there is none of that name.</summary>
    internal LuceneIndex? Open(string name) => _indices.TryGetValue(name, out var lazy) ? lazy.Value : null;

    internal AppliedPhase? AppliedPhaseOf(string name) => Phases.Get(name);

    internal void RecordPhase(string name, IndexPhase phase, DateTimeOffset since) => Phases.Set(name, phase, since);

    internal bool IsReadOnly(string name) => Phases.IsReadOnly(name);

    /// <summary>Merges the index down to at most <paramref name="maxSegments"/> segments, commits and refreshes; false when there is no such index.</summary>
    internal bool ForceMerge(string name, int maxSegments)
    {
        var index = Open(name);
        if (index is null)
        {
            return false;
        }

        index.Writer.ForceMerge(maxSegments, doWait: true);
        index.Writer.Commit();
        index.Searchers.MaybeRefreshBlocking();
        _logger.LogInformation("Merged index {Index} to at most {Segments} segments", name, maxSegments);
        return true;
    }

    /// <summary>The index's segment count, when it is open.</summary>
    internal int? SegmentCount(string name)
    {
        if (!_indices.TryGetValue(name, out var lazy) || !lazy.IsValueCreated)
        {
            return null;
        }

        var searcher = lazy.Value.Searchers.Acquire();
        try
        {
            return searcher.IndexReader.Leaves.Count;
        }
        finally
        {
            lazy.Value.Searchers.Release(searcher);
        }
    }

    /// <summary>Commits and closes an index's writer and searchers; its files stay, and the next read opens it again.</summary>
    internal void Close(string name)
    {
        if (!_indices.TryGetValue(name, out var lazy) || !lazy.IsValueCreated)
        {
            return;
        }

        // A search that already holds a searcher keeps its reader until it releases it.
        if (_indices.TryUpdate(name, new Lazy<LuceneIndex>(() => OpenIndex(name)), lazy))
        {
            lazy.Value.Dispose();
            _logger.LogInformation("Closed index {Index}", name);
        }
    }

    /// <summary>Registers an index folder just restored under the index root, and the field types its family had.</summary>
    internal void Attach(string name, IEnumerable<LogField> fields)
    {
        var family = IndexNames.BaseOf(name);
        foreach (var field in fields)
        {
            _catalog.Resolve(family, field.Name, field.Type);
        }

        _catalog.SaveIfChanged();
        Phases.Forget(name);
        if (!_indices.TryAdd(name, new Lazy<LuceneIndex>(() => OpenIndex(name))))
        {
            throw new StoreRequestException($"index {name} already exists");
        }

        _ = _indices[name].Value; // opens it now, so a damaged copy fails the restore rather than a later search
    }

    /// <summary>The field types of an index's family, for a snapshot's manifest.</summary>
    internal IReadOnlyList<LogField> FieldsOfFamily(string name) => _catalog.FieldsOf([IndexNames.BaseOf(name)]);

    /// <summary>Whether the folder holds a Lucene index (a commit point), for the embedded health check.</summary>
    internal static bool HasCommit(string path)
    {
        using var directory = FSDirectory.Open(path);
        return DirectoryReader.IndexExists(directory);
    }

    /// <summary>
    /// Events for a read-only index are not written there: as Elasticsearch refuses a write to an index with a write
    /// block, they go to the dead-letter index with the reason, are counted and logged, so the queue never stalls on them.
    /// </summary>
    private IReadOnlyList<LogEvent> DivertReadOnlyWrites(IReadOnlyList<LogEvent> events)
    {
        var readOnly = Phases.ReadOnlyIndices;
        if (readOnly.Count == 0)
        {
            return events;
        }

        List<LogEvent>? result = null;
        for (var i = 0; i < events.Count; i++)
        {
            var logEvent = events[i];
            if (!readOnly.Contains(logEvent.Index) || Phases.Get(logEvent.Index) is not { } applied)
            {
                result?.Add(logEvent);
                continue;
            }

            result ??= [.. events.Take(i)];
            var now = _clock.GetUtcNow();
            var reason = $"index {logEvent.Index} is read-only: it entered the {applied.Phase.ToString().ToLowerInvariant()} phase of its retention policy at {TimestampParser.Format(applied.Since)}";
            result.Add(new LogEvent($"{logEvent.Index}/{logEvent.Id}", IndexNames.Daily(DeadLetterIndexBase, now), now, new JsonObject
            {
                [LogSchema.Timestamp] = TimestampParser.Format(now),
                ["index"] = logEvent.Index,
                ["event_id"] = logEvent.Id,
                ["status"] = 403,
                ["error_type"] = "index_read_only",
                ["reason"] = reason,
                ["event"] = logEvent.Source.ToJsonString(),
            }) { MayExist = true });
            Interlocked.Increment(ref _refusedWrites);
            _logger.LogWarning("Refused event {Id}: {Reason}; kept in {DeadLetterIndex}", logEvent.Id, reason, IndexNames.Daily(DeadLetterIndexBase, now));
        }

        return result ?? events;
    }
}
