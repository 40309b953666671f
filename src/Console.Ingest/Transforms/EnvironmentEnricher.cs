using System.Text.Json.Nodes;
using Console.Shared.Events;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Transforms;

/// <summary>Adds <c>host.name</c>, <c>environment</c> and <c>platform.version</c> where an event lacks them.</summary>
public sealed class EnvironmentEnricher(IOptions<TransformOptions> options) : IEventEnricher
{
    private readonly string _host = string.IsNullOrEmpty(options.Value.HostName) ? System.Environment.MachineName : options.Value.HostName;

    public void Enrich(LogEvent logEvent)
    {
        var source = logEvent.Source;
        if (source["host"] is not JsonObject host)
        {
            if (!source.ContainsKey("host"))
            {
                source["host"] = new JsonObject { ["name"] = _host };
            }
        }
        else if (!host.ContainsKey("name"))
        {
            host["name"] = _host;
        }

        if (!source.ContainsKey("environment") && !string.IsNullOrEmpty(options.Value.Environment))
        {
            source["environment"] = options.Value.Environment;
        }

        if (!source.ContainsKey("platform") && !string.IsNullOrEmpty(options.Value.PlatformVersion))
        {
            source["platform"] = new JsonObject { ["version"] = options.Value.PlatformVersion };
        }

        _ = LogSchema.HostName;
    }
}
