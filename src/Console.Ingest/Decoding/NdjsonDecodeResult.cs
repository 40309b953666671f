using Console.Shared.Events;

namespace Console.Ingest.Decoding;

/// <summary>The events decoded from a stretch of NDJSON, and the lines rejected on the way.</summary>
public sealed record NdjsonDecodeResult(IReadOnlyList<LogEvent> Events, IReadOnlyList<LineRejection> Rejections);
