using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Sources.Otlp;

/// <summary>
/// Reads an OTLP/HTTP logs export body (protobuf or JSON, already un-gzipped) into events of the schema. A body that is
/// not a readable request throws <see cref="OtlpFormatException"/> (the whole request is answered 400); a record that
/// is larger than <see cref="OtlpReceiverOptions.MaxEventBytes"/> is left out and reported, for partial_success.
/// </summary>
public sealed class OtlpLogsDecoder(IOptions<OtlpReceiverOptions> options)
{
    public OtlpDecodeResult Decode(ReadOnlyMemory<byte> body, OtlpPayloadFormat format)
    {
        var records = format == OtlpPayloadFormat.Protobuf ? OtlpProtobufReader.Read(body) : OtlpJsonReader.Read(body);
        var maxBytes = options.Value.MaxEventBytes;
        var events = new List<JsonObject>(records.Count);
        var rejections = new List<string>();
        for (var i = 0; i < records.Count; i++)
        {
            var fields = OtlpLogMapper.Map(records[i]);
            var size = JsonSerializer.SerializeToUtf8Bytes(fields).Length;
            if (size > maxBytes)
            {
                rejections.Add(string.Create(CultureInfo.InvariantCulture,
                    $"log record {i + 1} is {size} bytes as an event, longer than MaxEventBytes ({maxBytes})"));
                continue;
            }

            events.Add(fields);
        }

        return new OtlpDecodeResult(events, rejections);
    }
}
