using System.Text.Json.Nodes;

namespace Console.Ingest.Sources.Otlp;

/// <summary>The events read from one export request, and the records refused one by one (too large), with why.</summary>
public sealed record OtlpDecodeResult(IReadOnlyList<JsonObject> Events, IReadOnlyList<string> Rejections);
