using System.Collections.Concurrent;
using System.Text.Json;
using Console.Shared.Events;
using Console.Shared.Query;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The mapping of each index family (<c>thebot-logs</c>): every field's type, fixed the first time the field is seen
/// (Elasticsearch's dynamic mapping) and persisted beside the indices so types survive a restart.
/// </summary>
internal sealed class FieldCatalog
{
    private readonly string _path;
    private readonly int _maxFieldsPerFamily;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, FieldType>> _families = new(StringComparer.Ordinal);
    private int _changed;

    public FieldCatalog(string path, int maxFieldsPerFamily)
    {
        _path = path;
        _maxFieldsPerFamily = maxFieldsPerFamily;
        if (File.Exists(path))
        {
            var saved = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, FieldType>>>(File.ReadAllBytes(path), StorageJson.Options) ?? [];
            foreach (var (family, fields) in saved)
            {
                _families[family] = new ConcurrentDictionary<string, FieldType>(fields, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The field's type in <paramref name="family"/>, assigning <paramref name="firstSight"/> if it is new; null when the family has hit its field limit.</summary>
    public FieldType? Resolve(string family, string field, FieldType firstSight)
    {
        var fields = _families.GetOrAdd(family, _ => new ConcurrentDictionary<string, FieldType>(StringComparer.Ordinal));
        if (fields.TryGetValue(field, out var type))
        {
            return type;
        }

        if (fields.Count >= _maxFieldsPerFamily)
        {
            return null;
        }

        var assigned = LogSchema.Known.TryGetValue(field, out var known) ? known : firstSight;
        var winner = fields.GetOrAdd(field, assigned);
        Interlocked.Exchange(ref _changed, 1);
        return winner;
    }

    /// <summary>The merged mapping of several families; the schema's own fields win, then the first family to have the field.</summary>
    public IFieldTypes For(IEnumerable<string> families) => new MergedFieldTypes(families.Select(f => _families.GetValueOrDefault(f)).OfType<ConcurrentDictionary<string, FieldType>>().ToArray());

    public IReadOnlyList<LogField> FieldsOf(IEnumerable<string> families)
    {
        var merged = new SortedDictionary<string, FieldType>(StringComparer.Ordinal);
        foreach (var family in families)
        {
            if (_families.TryGetValue(family, out var fields))
            {
                foreach (var (name, type) in fields)
                {
                    merged.TryAdd(name, type);
                }
            }
        }

        return merged.Select(pair => new LogField(pair.Key, pair.Value)).ToList();
    }

    /// <summary>Writes the mapping if a field was added since the last save (atomically: a crash leaves the old or the new file).</summary>
    public void SaveIfChanged()
    {
        if (Interlocked.Exchange(ref _changed, 0) == 0)
        {
            return;
        }

        var snapshot = _families.ToDictionary(f => f.Key, f => new SortedDictionary<string, FieldType>(f.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        var temp = _path + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(snapshot, StorageJson.Options));
        File.Move(temp, _path, overwrite: true);
    }

    private sealed class MergedFieldTypes(ConcurrentDictionary<string, FieldType>[] families) : IFieldTypes
    {
        public FieldType? TypeOf(string field)
        {
            foreach (var family in families)
            {
                if (family.TryGetValue(field, out var type))
                {
                    return type;
                }
            }

            return null;
        }
    }
}
