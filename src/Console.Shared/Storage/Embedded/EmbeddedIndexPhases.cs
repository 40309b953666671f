using System.Collections.Frozen;
using System.Text.Json;
using Console.Shared.Storage.Lifecycle;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The lifecycle phase the job has applied to each embedded index, kept in <c>{indices}/_lifecycle.json</c> (beside the
/// index folders, never inside one, where Lucene would take it for its own file), so read-only survives a restart.
/// </summary>
internal sealed class EmbeddedIndexPhases
{
    private readonly string _path;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, AppliedPhase> _phases;
    private volatile FrozenSet<string> _readOnly;

    public EmbeddedIndexPhases(string path)
    {
        _path = path;
        _phases = File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<string, AppliedPhase>>(File.ReadAllBytes(path), StorageJson.Options) ?? []
            : [];
        _readOnly = ReadOnlyOf(_phases);
    }

    /// <summary>The read-only (warm or cold) indices, readable without a lock: the write path checks every event against it.</summary>
    public FrozenSet<string> ReadOnlyIndices => _readOnly;

    /// <summary>The phase applied to the index and since when; null when the job has not moved it out of hot.</summary>
    public AppliedPhase? Get(string index)
    {
        lock (_lock)
        {
            return _phases.TryGetValue(index, out var applied) ? applied : null;
        }
    }

    public bool IsReadOnly(string index) => _readOnly.Contains(index);

    public void Set(string index, IndexPhase phase, DateTimeOffset since)
    {
        lock (_lock)
        {
            _phases[index] = new AppliedPhase(phase, since);
            Save();
        }
    }

    /// <summary>Forgets a deleted index, so one restored or written again under its name starts hot.</summary>
    public void Forget(string index)
    {
        lock (_lock)
        {
            if (_phases.Remove(index))
            {
                Save();
            }
        }
    }

    private static FrozenSet<string> ReadOnlyOf(Dictionary<string, AppliedPhase> phases) =>
        phases.Where(p => p.Value.Phase is IndexPhase.Warm or IndexPhase.Cold).Select(p => p.Key).ToFrozenSet(StringComparer.Ordinal);

    private void Save()
    {
        _readOnly = ReadOnlyOf(_phases);
        var temp = _path + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(_phases, StorageJson.Options));
        File.Move(temp, _path, overwrite: true);
    }
}
