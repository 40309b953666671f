using System.Globalization;
using System.Text.Json.Nodes;
using Console.Shared.Events;
using Console.Shared.Storage.Elasticsearch.Client;
using Console.Shared.Storage.Lifecycle;

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

    /// <summary>
    /// The ILM policy of a retention policy: hot from creation, warm (read-only, force-merged) after its warm days,
    /// optionally cold (read-only, lowest recovery priority), deleted after its retention. The same settings drive the
    /// embedded store's lifecycle job.
    /// </summary>
    public static LifecyclePolicy Lifecycle(RetentionPolicy policy)
    {
        var phases = new Dictionary<string, LifecyclePhase>
        {
            ["hot"] = new("0ms", new JsonObject { ["set_priority"] = new JsonObject { ["priority"] = 100 } }),
            ["warm"] = new(Days(policy.WarmAfterDays), new JsonObject
            {
                ["set_priority"] = new JsonObject { ["priority"] = 50 },
                ["readonly"] = new JsonObject(),
                ["forcemerge"] = new JsonObject { ["max_num_segments"] = policy.WarmMaxSegments },
            }),
        };
        if (policy.ColdAfterDays is { } cold)
        {
            phases["cold"] = new(Days(cold), new JsonObject
            {
                ["set_priority"] = new JsonObject { ["priority"] = 0 },
                ["readonly"] = new JsonObject(),
            });
        }

        if (policy.DeleteAfterDays is { } delete)
        {
            phases["delete"] = new(Days(delete), new JsonObject { ["delete"] = new JsonObject() });
        }

        return new LifecyclePolicy(new LifecyclePolicyBody(phases));
    }

    /// <summary>
    /// The ILM policy names of the retention policies, in order: the template name and the pattern without its
    /// wildcards (<c>console-logs-thebot-logs</c> for <c>thebot-logs-*</c>), numbered when two would be the same.
    /// </summary>
    public static IReadOnlyList<string> PolicyNames(ElasticsearchStoreOptions options, IReadOnlyList<RetentionPolicy> policies)
    {
        var names = new List<string>(policies.Count);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var policy in policies)
        {
            var stem = policy.Pattern.Replace('*', '-').Trim('-', '.', '_');
            while (stem.Contains("--", StringComparison.Ordinal))
            {
                stem = stem.Replace("--", "-", StringComparison.Ordinal);
            }

            var name = $"{options.TemplateName}-{(stem.Length == 0 ? "all" : stem)}";
            var candidate = name;
            for (var n = 2; !used.Add(candidate); n++)
            {
                candidate = $"{name}-{n}";
            }

            names.Add(candidate);
        }

        return names;
    }

    private static string Days(int days) => days == 0 ? "0ms" : days.ToString(CultureInfo.InvariantCulture) + "d";

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
