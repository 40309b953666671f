using System.Text.Json.Nodes;

namespace Console.Web.Tail;

/// <summary>What <see cref="TailHub"/> streams per event; <c>skipped</c> counts the events this viewer has missed so far by reading too slowly.</summary>
public sealed record TailMessage(string Index, string Id, DateTimeOffset Timestamp, JsonObject Source, long Skipped)
{
    public static TailMessage From(TailEvent tailEvent, long skipped) =>
        new(tailEvent.Index, tailEvent.Id, tailEvent.Timestamp, tailEvent.Source, skipped);
}
