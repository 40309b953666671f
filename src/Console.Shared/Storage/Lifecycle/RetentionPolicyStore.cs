using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Console.Shared.Storage.Lifecycle;

/// <summary>
/// The retention policies in force: those saved from the console (<c>{DataPath}/lifecycle/policies.json</c>), or else
/// the <c>Lifecycle:Policies</c> settings, or else the seed's defaults. Both stores read them from here.
/// </summary>
public sealed class RetentionPolicyStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
    };

    private readonly string _path;
    private readonly ILogger<RetentionPolicyStore> _logger;
    private readonly Lock _lock = new();
    private IReadOnlyList<RetentionPolicy> _policies;

    public RetentionPolicyStore(IOptions<LifecycleOptions> options, IOptions<StorageOptions> storage, ILogger<RetentionPolicyStore> logger)
    {
        _logger = logger;
        _path = Path.GetFullPath(Path.Combine(storage.Value.DataPath, "lifecycle", "policies.json"));
        var configured = options.Value.Policies.Count > 0 ? options.Value.Policies.Select(p => p.Copy()).ToList() : RetentionPolicies.Defaults;
        _policies = configured;
        Source = options.Value.Policies.Count > 0 ? "settings" : "defaults";
        if (File.Exists(_path))
        {
            try
            {
                var saved = JsonSerializer.Deserialize<List<RetentionPolicy?>>(File.ReadAllBytes(_path), Json);
                var errors = RetentionPolicies.Validate(saved);
                if (errors.Count == 0)
                {
                    _policies = saved!.OfType<RetentionPolicy>().ToList();
                    Source = _path;
                }
                else
                {
                    _logger.LogError("Ignoring the saved retention policies in {Path}: {Errors}; using the {Source}", _path, string.Join("; ", errors), Source);
                }
            }
            catch (JsonException ex)
            {
                _logger.LogError(ex, "Ignoring the saved retention policies in {Path}: not valid JSON; using the {Source}", _path, Source);
            }
        }
    }

    /// <summary>Raised after a save, with the new policies (the Elasticsearch store installs them again).</summary>
    public event Action<IReadOnlyList<RetentionPolicy>>? Changed;

    /// <summary>Where the policies in force come from: <c>defaults</c>, <c>settings</c>, or the saved file's path.</summary>
    public string Source { get; private set; }

    /// <summary>Copies of the policies in force, so a caller's edits change nothing until saved.</summary>
    public IReadOnlyList<RetentionPolicy> Current
    {
        get
        {
            lock (_lock)
            {
                return _policies.Select(p => p.Copy()).ToList();
            }
        }
    }

    /// <summary>Validates and saves the policies (atomically); returns the reasons when they are not valid, and saves nothing then.</summary>
    public IReadOnlyList<string> Save(IReadOnlyList<RetentionPolicy?>? policies)
    {
        var errors = RetentionPolicies.Validate(policies);
        if (errors.Count > 0)
        {
            return errors;
        }

        var copy = policies!.OfType<RetentionPolicy>().Select(p => p.Copy()).ToList();
        lock (_lock)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var temp = _path + ".tmp";
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(copy, Json));
            File.Move(temp, _path, overwrite: true);
            _policies = copy;
            Source = _path;
        }

        _logger.LogInformation("Saved {Count} retention policies to {Path}", copy.Count, _path);
        Changed?.Invoke(Current);
        return [];
    }
}
