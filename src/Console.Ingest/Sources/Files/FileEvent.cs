namespace Console.Ingest.Sources.Files;

/// <summary>
/// A line, or several joined by multi-line grouping, with the byte range of the file it came from:
/// <see cref="Offset"/> is where its first line starts, <see cref="End"/> is just past its last newline.
/// </summary>
internal readonly record struct FileEvent(long Offset, long End, string Message, string? Stream, string? Time, int Lines = 1, bool Truncated = false);
