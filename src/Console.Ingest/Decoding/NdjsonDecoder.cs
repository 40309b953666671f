using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using Console.Shared.Events;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Decoding;

/// <summary>
/// Reads newline-delimited JSON, one event per line, in batches: each line becomes a normalised event for the daily
/// index of its time, or a rejection with its line number and reason. A bad line never spoils the lines around it.
/// </summary>
public sealed class NdjsonDecoder(LogEventNormalizer normalizer, IOptions<NdjsonDecoderOptions> options)
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Decodes <paramref name="body"/> and hands each batch to <paramref name="sink"/> before reading on, so memory stays bounded.</summary>
    public async Task<(long Accepted, IReadOnlyList<LineRejection> Rejections)> DecodeAsync(
        PipeReader body, string indexBase, Func<IReadOnlyList<LogEvent>, Task> sink, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxEventBytes;
        var batchSize = options.Value.BatchSize;
        var batch = new List<LogEvent>(batchSize);
        var rejections = new List<LineRejection>();
        long lineNumber = 0;
        long accepted = 0;
        var skippingOversize = false;

        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
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

                Decode(line, lineNumber, indexBase, maxBytes, batch, rejections);
                if (batch.Count >= batchSize)
                {
                    accepted += batch.Count;
                    await sink(batch);
                    batch = new List<LogEvent>(batchSize);
                }
            }

            if (buffer.Length > maxBytes && !skippingOversize)
            {
                rejections.Add(new LineRejection(lineNumber + 1, $"event is larger than {maxBytes} bytes"));
                skippingOversize = true;
            }

            if (skippingOversize)
            {
                buffer = buffer.Slice(buffer.End);
            }

            if (read.IsCompleted)
            {
                if (!buffer.IsEmpty && !skippingOversize)
                {
                    lineNumber++;
                    Decode(buffer, lineNumber, indexBase, maxBytes, batch, rejections);
                }

                body.AdvanceTo(buffer.End);
                break;
            }

            body.AdvanceTo(buffer.Start, buffer.End);
        }

        if (batch.Count > 0)
        {
            accepted += batch.Count;
            await sink(batch);
        }

        return (accepted, rejections);
    }

    /// <summary>Decodes one line; returns the event or null with the reason.</summary>
    public LogEvent? DecodeLine(ReadOnlySpan<byte> line, string indexBase, out string? reason)
    {
        reason = null;
        line = Trim(line);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line, NodeOptions, DocumentOptions);
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

        return normalizer.Normalize(source, indexBase);
    }

    private void Decode(ReadOnlySequence<byte> line, long lineNumber, string indexBase, int maxBytes, List<LogEvent> batch, List<LineRejection> rejections)
    {
        if (line.Length > maxBytes)
        {
            rejections.Add(new LineRejection(lineNumber, $"event is larger than {maxBytes} bytes"));
            return;
        }

        var bytes = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        if (Trim(bytes).IsEmpty)
        {
            return; // blank lines separate nothing and are not events
        }

        var logEvent = DecodeLine(bytes, indexBase, out var reason);
        if (logEvent is null)
        {
            rejections.Add(new LineRejection(lineNumber, reason!));
        }
        else
        {
            batch.Add(logEvent);
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
