using System.Globalization;
using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Storage.Elasticsearch.Client;

namespace Console.Shared.Storage.Elasticsearch;

/// <summary>
/// The index templates and the ILM policy the store installs, built from <see cref="LogSchema"/> so the cluster indexes
/// an event as the embedded store does: known fields with their types, other strings as keywords of at most
/// <see cref="LogSchema.MaxKeywordLength"/> characters, numbers typed on first sight, no date guessing, and values that
/// do not fit their field kept in <c>_source</c> and listed in <c>_ignored</c> instead of failing the event.
/// </summary>
public static class ElasticsearchIndexTemplates
{
    /// <summary>Longest message kept whole in <c>message.raw</c> for regular expressions (the embedded store's raw term limit).</summary>
    public const int RawMessageIgnoreAbove = 4096;

    public static IndexTemplate Events(ElasticsearchStoreOptions options, StorageOptions storage)
    {
        var settings = new JsonObject
        {
            ["index.number_of_shards"] = options.Shards,
            ["index.number_of_replicas"] = options.Replicas,
            ["index.codec"] = "best_compression",
            ["index.refresh_interval"] = Duration(storage.RefreshInterval),
            ["index.lifecycle.name"] = options.TemplateName,
            ["index.mapping.total_fields.limit"] = storage.MaxFieldsPerIndex,
            // Fields beyond the limit are kept in _source and listed in _ignored, as the embedded store flags them (Elasticsearch 8.14+).
            ["index.mapping.total_fields.ignore_dynamic_beyond_limit"] = true,
            // A value its field cannot hold (text in a long) is kept and listed in _ignored rather than refusing the event.
            ["index.mapping.ignore_malformed"] = true,
        };

        var properties = new JsonObject();
        foreach (var (name, type) in LogSchema.Known.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (LogSchema.IsReserved(name))
            {
                continue;
            }

            properties[name] = name == LogSchema.Message
                ? new JsonObject
                {
                    ["type"] = "text",
                    ["fields"] = new JsonObject { ["raw"] = new JsonObject { ["type"] = "keyword", ["ignore_above"] = RawMessageIgnoreAbove } },
                }
                : Mapping(type);
        }

        var mappings = new JsonObject
        {
            ["date_detection"] = false,
            ["numeric_detection"] = false,
            ["dynamic_templates"] = new JsonArray
            {
                DynamicTemplate("strings_as_keywords", "string", Mapping(FieldType.Keyword)),
                DynamicTemplate("integers_as_longs", "long", Mapping(FieldType.Long)),
                DynamicTemplate("fractions_as_doubles", "double", Mapping(FieldType.Double)),
            },
            ["properties"] = properties,
        };

        return new IndexTemplate([.. options.EffectiveIndexPatterns], options.TemplatePriority, new IndexTemplateBody(settings, mappings),
            new JsonObject { ["managed_by"] = "console" });
    }

    /// <summary>Refused events: searchable by where they were going and why, the event itself kept as text so it cannot be refused again.</summary>
    public static IndexTemplate DeadLetter(ElasticsearchStoreOptions options)
    {
        var settings = new JsonObject
        {
            ["index.number_of_shards"] = 1,
            ["index.number_of_replicas"] = options.Replicas,
            ["index.codec"] = "best_compression",
            ["index.lifecycle.name"] = options.TemplateName,
        };
        var mappings = new JsonObject
        {
            ["dynamic"] = false,
            ["properties"] = new JsonObject
            {
                [LogSchema.Timestamp] = new JsonObject { ["type"] = "date" },
                ["index"] = new JsonObject { ["type"] = "keyword" },
                ["event_id"] = new JsonObject { ["type"] = "keyword" },
                ["status"] = new JsonObject { ["type"] = "long" },
                ["error_type"] = new JsonObject { ["type"] = "keyword" },
                ["reason"] = new JsonObject { ["type"] = "text" },
                ["event"] = new JsonObject { ["type"] = "text", ["index"] = false },
            },
        };
        return new IndexTemplate([options.DeadLetterIndexBase + "-*"], options.TemplatePriority, new IndexTemplateBody(settings, mappings),
            new JsonObject { ["managed_by"] = "console" });
    }

    /// <summary>Hot from creation, warm (read-only, merged to one segment) after <see cref="ElasticsearchStoreOptions.WarmAfterDays"/>, deleted after <see cref="ElasticsearchStoreOptions.DeleteAfterDays"/>.</summary>
    public static LifecyclePolicy Lifecycle(ElasticsearchStoreOptions options) => new(new LifecyclePolicyBody(new Dictionary<string, LifecyclePhase>
    {
        ["hot"] = new("0ms", new JsonObject { ["set_priority"] = new JsonObject { ["priority"] = 100 } }),
        ["warm"] = new($"{options.WarmAfterDays}d", new JsonObject
        {
            ["set_priority"] = new JsonObject { ["priority"] = 50 },
            ["readonly"] = new JsonObject(),
            ["forcemerge"] = new JsonObject { ["max_num_segments"] = 1 },
        }),
        ["delete"] = new($"{options.DeleteAfterDays}d", new JsonObject { ["delete"] = new JsonObject() }),
    }));

    private static JsonObject Mapping(FieldType type) => type switch
    {
        FieldType.Keyword => new JsonObject { ["type"] = "keyword", ["ignore_above"] = LogSchema.MaxKeywordLength },
        FieldType.Text => new JsonObject { ["type"] = "text" },
        FieldType.Long => new JsonObject { ["type"] = "long" },
        FieldType.Double => new JsonObject { ["type"] = "double" },
        FieldType.Date => new JsonObject { ["type"] = "date" },
        _ => new JsonObject { ["type"] = "boolean" },
    };

    private static JsonObject DynamicTemplate(string name, string jsonType, JsonObject mapping) =>
        new() { [name] = new JsonObject { ["match_mapping_type"] = jsonType, ["mapping"] = mapping } };

    private static string Duration(TimeSpan interval) =>
        interval.TotalMilliseconds % 1000 == 0
            ? ((long)interval.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
