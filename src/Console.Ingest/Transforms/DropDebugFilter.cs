using Console.Shared.Events;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Transforms;

/// <summary>Drops DEBUG events in production (the seed's <c>if [log_level] == "DEBUG" and [environment] == "production"</c>).</summary>
public sealed class DropDebugFilter(IOptions<TransformOptions> options) : IEventFilter
{
    private readonly bool _active = options.Value.DropDebugInProduction &&
        string.Equals(options.Value.Environment, "production", StringComparison.OrdinalIgnoreCase);

    public string Name => "drop-debug";

    public bool ShouldDrop(LogEvent logEvent) =>
        _active && logEvent.Source[LogSchema.Level] is { } level && level.GetValueKind() == System.Text.Json.JsonValueKind.String &&
        level.GetValue<string>() == LogLevels.Debug;
}
