using System.Text;
using System.Text.Json;

namespace Console.Ingest.Sources.Otlp;

/// <summary>
/// The bodies OTLP/HTTP answers with: <c>ExportLogsServiceResponse</c> on success (with <c>partial_success</c> when
/// records were refused) and <c>google.rpc.Status</c> on failure, each in the request's encoding.
/// </summary>
public static class OtlpResponses
{
    /// <summary>google.rpc.Code INVALID_ARGUMENT, for a malformed request.</summary>
    public const int InvalidArgument = 3;

    /// <summary>google.rpc.Code RESOURCE_EXHAUSTED, for a full queue or a body over the limit.</summary>
    public const int ResourceExhausted = 8;

    /// <summary>google.rpc.Code UNAVAILABLE: a transient failure the exporter retries (the queue could not write).</summary>
    public const int Unavailable = 14;

    /// <summary>google.rpc.Code UNAUTHENTICATED.</summary>
    public const int Unauthenticated = 16;

    public static byte[] Export(long rejected, string? errorMessage, OtlpPayloadFormat format)
    {
        if (format == OtlpPayloadFormat.Json)
        {
            var body = rejected == 0 && errorMessage is null
                ? new Dictionary<string, object>()
                : new Dictionary<string, object>
                {
                    ["partialSuccess"] = new Dictionary<string, object?>
                    {
                        // int64 is a string in OTLP/JSON.
                        ["rejectedLogRecords"] = rejected.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["errorMessage"] = errorMessage ?? string.Empty,
                    },
                };
            return JsonSerializer.SerializeToUtf8Bytes(body);
        }

        if (rejected == 0 && errorMessage is null)
        {
            return [];
        }

        // ExportLogsPartialSuccess { int64 rejected_log_records = 1; string error_message = 2; }
        var partial = new List<byte>();
        WriteTag(partial, 1, 0);
        WriteVarint(partial, (ulong)rejected);
        if (!string.IsNullOrEmpty(errorMessage))
        {
            WriteBytes(partial, 2, Encoding.UTF8.GetBytes(errorMessage));
        }

        // ExportLogsServiceResponse { ExportLogsPartialSuccess partial_success = 1; }
        var response = new List<byte>();
        WriteBytes(response, 1, [.. partial]);
        return [.. response];
    }

    public static byte[] Status(int code, string message, OtlpPayloadFormat format)
    {
        if (format == OtlpPayloadFormat.Json)
        {
            return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["code"] = code, ["message"] = message });
        }

        // google.rpc.Status { int32 code = 1; string message = 2; }
        var status = new List<byte>();
        WriteTag(status, 1, 0);
        WriteVarint(status, (ulong)code);
        WriteBytes(status, 2, Encoding.UTF8.GetBytes(message));
        return [.. status];
    }

    private static void WriteBytes(List<byte> into, int field, byte[] bytes)
    {
        WriteTag(into, field, 2);
        WriteVarint(into, (ulong)bytes.Length);
        into.AddRange(bytes);
    }

    private static void WriteTag(List<byte> into, int field, int wireType) => WriteVarint(into, ((ulong)field << 3) | (uint)wireType);

    private static void WriteVarint(List<byte> into, ulong value)
    {
        while (value >= 0x80)
        {
            into.Add((byte)(value | 0x80));
            value >>= 7;
        }

        into.Add((byte)value);
    }
}
