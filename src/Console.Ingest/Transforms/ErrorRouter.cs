using System.Text.Json.Nodes;
using Console.Shared.Events;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Transforms;

/// <summary>
/// Copies ERROR and CRITICAL events to the errors index as well (the seed's <c>thebot-errors-*</c> output). The copy has
/// a derived id, so a replay does not duplicate it either.
/// </summary>
public sealed class ErrorRouter(IOptions<TransformOptions> options)
{
    private readonly DailyIndexNames _dailyIndexNames = new();
    private readonly HashSet<string> _levels = new(options.Value.ErrorLevels.Select(LogLevels.Normalize), StringComparer.Ordinal);

    /// <summary>The copy for the errors index, or null when the event is not an error.</summary>
    public LogEvent? CopyForErrors(LogEvent logEvent)
    {
        if (logEvent.Source[LogSchema.Level] is not JsonValue level || !level.TryGetValue(out string? name) || !_levels.Contains(name))
        {
            return null;
        }

        var index = _dailyIndexNames.For(options.Value.ErrorIndex, logEvent.Timestamp);
        return new LogEvent(logEvent.Id + "-e", index, logEvent.Timestamp, (JsonObject)logEvent.Source.DeepClone()) { MayExist = logEvent.MayExist };
    }
}
