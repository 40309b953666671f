using System.Text.Json.Nodes;

namespace Console.Web.Tail;

/// <summary>One event as the live tail shows it: where it is stored, when it happened and the whole event.</summary>
public sealed record TailEvent(string Index, string Id, DateTimeOffset Timestamp, JsonObject Source)
{
    public string Level => (Source[Console.Shared.Events.LogSchema.Level] as JsonValue)?.ToString() ?? "";

    public string Message => (Source[Console.Shared.Events.LogSchema.Message] as JsonValue)?.ToString() ?? Source.ToJsonString();
}
