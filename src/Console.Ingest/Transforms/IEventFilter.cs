using Console.Shared.Events;

namespace Console.Ingest.Transforms;

/// <summary>Decides whether an event goes on; a dropped event is counted under the filter's name, never silently lost.</summary>
public interface IEventFilter
{
    string Name { get; }

    bool ShouldDrop(LogEvent logEvent);
}
