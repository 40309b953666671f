using Console.Shared.Events;
using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Decoding;

/// <summary>
/// Reads newline-delimited JSON, one object per line, in bounded batches: each line becomes a JSON object or a
/// rejection with its line number and reason. A bad line never spoils the lines around it, and the tail of an
/// oversize line is skipped rather than taken as new events. Used by HTTP NDJSON and the TCP JSON-lines receiver.
/// </summary>
public sealed class NdjsonDecoder(IOptions<NdjsonDecoderOptions> options)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// Decodes <paramref name="body"/> until it completes, handing each batch to <paramref name="onBatch"/> before
    /// reading on (so a slow consumer slows the sender) and each bad line to <paramref name="onRejection"/>.
    /// </summary>
    /// <returns>The number of objects handed on.</returns>
    public async Task<long> DecodeAsync(
        PipeReader body,
        Func<IReadOnlyList<JsonObject>, ValueTask> onBatch,
        Action<LineRejection> onRejection,
        CancellationToken cancellationToken,
        int? maxEventBytes = null)
    {
        var maxBytes = maxEventBytes ?? options.Value.MaxEventBytes;
        var batchSize = options.Value.BatchSize;
        var batch = new List<JsonObject>(Math.Min(batchSize, 1024));
        long lineNumber = 0;
        long accepted = 0;
        var skippingOversize = false;

        while (true)
        {
            if (!body.TryRead(out var read))
            {
                // Nothing more is waiting: hand on what is complete, so a quiet sender's events do not sit in a buffer.
                if (batch.Count > 0)
                {
                    accepted += batch.Count;
                    await onBatch(batch);
                    batch = new List<JsonObject>(Math.Min(batchSize, 1024));
                }

                read = await body.ReadAsync(cancellationToken);
            }

            var buffer = read.Buffer;
            while (TryReadLine(ref buffer, out var line))
            {
                lineNumber++;
                if (skippingOversize)
                {
                    // The tail of an oversize line: it belongs to the rejected event, not a new one.
                    skippingOversize = false;
                    continue;
                }

                Decode(line, lineNumber, maxBytes, batch, onRejection);
                if (batch.Count >= batchSize)
                {
                    accepted += batch.Count;
                    await onBatch(batch);
                    batch = new List<JsonObject>(batchSize);
                }
            }

            if (buffer.Length > maxBytes && !skippingOversize)
            {
                onRejection(new LineRejection(lineNumber + 1, $"event is larger than {maxBytes} bytes"));
                skippingOversize = true;
            }

            if (skippingOversize)
            {
                buffer = buffer.Slice(buffer.End);
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                if (!buffer.IsEmpty && !skippingOversize)
                {
                    lineNumber++;
                    Decode(buffer, lineNumber, maxBytes, batch, onRejection);
                }

                body.AdvanceTo(buffer.End);
                break;
            }

            body.AdvanceTo(buffer.Start, buffer.End);
        }

        if (batch.Count > 0)
        {
            accepted += batch.Count;
            await onBatch(batch);
        }

        return accepted;
    }

    /// <summary>Parses one line; returns the object, or null with the reason.</summary>
    public static JsonObject? ParseLine(ReadOnlySpan<byte> line, out string? reason)
    {
        reason = null;
        line = Trim(line);
        JsonNode? node;
        try
        {
            // "\ud800" parses but cannot be read back or written: kept as U+FFFD instead (see LoneSurrogates).
            node = LoneSurrogates.RepairEscapes(line) is { } repaired
                ? JsonNode.Parse(repaired, documentOptions: DocumentOptions)
                : JsonNode.Parse(line, documentOptions: DocumentOptions);
        }
        catch (JsonException ex)
        {
            reason = $"invalid JSON: {FirstSentence(ex.Message)}";
            return null;
        }

        if (node is not JsonObject source)
        {
            reason = $"expected a JSON object, got {node?.GetValueKind().ToString().ToLowerInvariant() ?? "null"}";
            return null;
        }

        if (source.Count == 0)
        {
            reason = "empty event";
            return null;
        }

        return source;
    }

    private static void Decode(ReadOnlySequence<byte> line, long lineNumber, int maxBytes, List<JsonObject> batch, Action<LineRejection> onRejection)
    {
        if (line.Length > maxBytes)
        {
            onRejection(new LineRejection(lineNumber, $"event is larger than {maxBytes} bytes"));
            return;
        }

        var bytes = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        if (Trim(bytes).IsEmpty)
        {
            return; // blank lines separate nothing and are not events
        }

        var source = ParseLine(bytes, out var reason);
        if (source is null)
        {
            onRejection(new LineRejection(lineNumber, reason!));
        }
        else
        {
            batch.Add(source);
        }
    }
    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var end = buffer.PositionOf((byte)'\n');
        if (end is null)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, end.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
        return true;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line)
    {
        line = line.TrimStart(" \t\r"u8).TrimEnd(" \t\r"u8);
        return line.StartsWith("\uFEFF"u8) ? line[3..] : line;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message.TrimEnd('.');
    }

}
