using Console.Shared.Events;

namespace Console.Ingest.Transforms;

/// <summary>Adds fields to an event (host, environment, ...); never removes what the event carries.</summary>
public interface IEventEnricher
{
    void Enrich(LogEvent logEvent);
}
