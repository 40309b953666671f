using System.Collections.Frozen;

namespace Console.Shared.Events;

/// <summary>
/// The fields every store knows before it has seen an event. Anything else is typed on first sight.
/// </summary>
public static class LogSchema
{
    public const string Timestamp = "@timestamp";
    public const string Message = "message";
    public const string Level = "log_level";
    public const string Logger = "logger";
    public const string Service = "service";
    public const string HostName = "host.name";

    /// <summary>Fields the stores add themselves; events cannot set them.</summary>
    public const string IdField = "_id";
    public const string IndexField = "_index";
    public const string FieldNamesField = "_field_names";
    public const string IgnoredField = "_ignored";
    public const string ExistsPseudoField = "_exists_";

    /// <summary>Longest keyword value indexed (like Elasticsearch's ignore_above); longer values are kept in _source and flagged.</summary>
    public const int MaxKeywordLength = 1024;

    public static FrozenDictionary<string, FieldType> Known { get; } = new Dictionary<string, FieldType>(StringComparer.Ordinal)
    {
        [Timestamp] = FieldType.Date,
        [Message] = FieldType.Text,
        ["stack_trace"] = FieldType.Text,
        ["exc_info"] = FieldType.Text,
        ["error.stack_trace"] = FieldType.Text,
        ["error.message"] = FieldType.Text,
        [Level] = FieldType.Keyword,
        [Service] = FieldType.Keyword,
        [Logger] = FieldType.Keyword,
        ["request_id"] = FieldType.Keyword,
        ["user_id"] = FieldType.Keyword,
        [HostName] = FieldType.Keyword,
        ["environment"] = FieldType.Keyword,
        ["platform.version"] = FieldType.Keyword,
        ["method"] = FieldType.Keyword,
        ["http.method"] = FieldType.Keyword,
        ["http.path"] = FieldType.Keyword,
        ["http.url"] = FieldType.Keyword,
        ["client.ip"] = FieldType.Keyword,
        ["error.type"] = FieldType.Keyword,
        ["tags"] = FieldType.Keyword,
        ["event.dataset"] = FieldType.Keyword,
        ["duration_ms"] = FieldType.Double,
        ["response_time"] = FieldType.Double,
        ["http.status_code"] = FieldType.Long,
        ["status"] = FieldType.Long,
        ["status_code"] = FieldType.Long,
        ["http.response.bytes"] = FieldType.Long,
        ["process"] = FieldType.Long,
        ["process.pid"] = FieldType.Long,
        [IgnoredField] = FieldType.Keyword,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsReserved(string name) => name is IdField or IndexField or FieldNamesField or IgnoredField;
}
