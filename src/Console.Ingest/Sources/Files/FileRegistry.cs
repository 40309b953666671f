using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Console.Ingest.Sources.Files;

/// <summary>
/// The offsets of every open file, kept in one JSON file (Filebeat's registry). Saved by writing a temporary file,
/// syncing it and renaming it over the old one, so a crash leaves either the old or the new registry, never a torn one.
/// Only the receiver's loop touches it, so it takes no locks.
/// </summary>
internal sealed class FileRegistry
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Dictionary<(string Input, FileIdentity Identity), FileRegistryEntry> _entries = [];
    private readonly SortedSet<string> _startedInputs = new(StringComparer.Ordinal);

    private FileRegistry(string path, ILogger logger)
    {
        _path = path;
        _logger = logger;
    }

    public string FilePath => _path;

    public IEnumerable<FileRegistryEntry> Entries => _entries.Values;

    /// <summary>True when something changed since the last successful save.</summary>
    public bool IsDirty { get; private set; }

    /// <summary>Reads the registry; a missing file is an empty registry, an unreadable one is set aside and logged.</summary>
    public static FileRegistry Load(string path, ILogger logger)
    {
        var registry = new FileRegistry(Path.GetFullPath(path), logger);
        if (!File.Exists(registry._path))
        {
            return registry;
        }

        try
        {
            using var stream = File.OpenRead(registry._path);
            var document = JsonSerializer.Deserialize<Document>(stream, Json) ?? new Document();
            foreach (var entry in document.Files)
            {
                registry._entries[(entry.Input, entry.Identity)] = entry;
            }

            registry._startedInputs.UnionWith(document.StartedInputs);
        }
        catch (JsonException ex)
        {
            // Starting empty re-reads files per StartAt; that is better than refusing to start over a damaged file.
            var aside = registry._path + ".corrupt-" + DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            File.Move(registry._path, aside, overwrite: true);
            logger.LogError(ex, "File registry {Path} could not be read; moved it to {Aside} and started empty", registry._path, aside);
        }

        return registry;
    }

    public FileRegistryEntry? Find(string input, FileIdentity identity) => _entries.GetValueOrDefault((input, identity));

    public void Set(FileRegistryEntry entry)
    {
        _entries[(entry.Input, entry.Identity)] = entry;
        IsDirty = true;
    }

    public void Remove(string input, FileIdentity identity) => IsDirty |= _entries.Remove((input, identity));

    /// <summary>True once an input finished its first scan; <see cref="FileStartPosition.End"/> applies only before that.</summary>
    public bool HasStarted(string input) => _startedInputs.Contains(input);

    public void MarkStarted(string input) => IsDirty |= _startedInputs.Add(input);

    /// <summary>Writes the registry durably; false (and logged) when the disk refused, the caller tries again later.</summary>
    public bool TrySave()
    {
        var temporary = _path + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var document = new Document
            {
                StartedInputs = [.. _startedInputs],
                Files = [.. _entries.Values.OrderBy(e => e.Input, StringComparer.Ordinal).ThenBy(e => e.Path, StringComparer.Ordinal)],
            };
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, document, Json);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, _path, overwrite: true);
            IsDirty = false;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(ex, "Could not save the file registry {Path}", _path);
            return false;
        }
    }

    private sealed class Document
    {
        [JsonPropertyName("version")]
        public int Version { get; set; } = 1;

        [JsonPropertyName("started_inputs")]
        public List<string> StartedInputs { get; set; } = [];

        [JsonPropertyName("files")]
        public List<FileRegistryEntry> Files { get; set; } = [];
    }
}
