using System.Text;

namespace Console.Web.Tests.Support;

/// <summary>Builds protobuf wire-format bytes by hand, for OTLP requests a test needs exactly (valid or deliberately broken).</summary>
public static class Protobuf
{
    public static byte[] Message(params byte[][] fields) => [.. fields.SelectMany(f => f)];

    public static byte[] Bytes(int field, byte[] value) => [.. Tag(field, 2), .. Varint((ulong)value.Length), .. value];

    public static byte[] String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public static byte[] Fixed64(int field, ulong value) => [.. Tag(field, 1), .. BitConverter.GetBytes(value)];

    public static byte[] VarintField(int field, ulong value) => [.. Tag(field, 0), .. Varint(value)];

    public static byte[] Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    /// <summary>An ExportLogsServiceRequest with one resource (service.name), one scope and one log record whose body is <paramref name="body"/>.</summary>
    public static byte[] LogsRequest(string service, string body, int severityNumber, DateTimeOffset time)
    {
        var serviceName = Message(String(1, "service.name"), Bytes(2, String(1, service)));
        var resource = Bytes(1, Bytes(1, serviceName));
        var record = Message(
            Fixed64(1, (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100),
            VarintField(2, (ulong)severityNumber),
            Bytes(5, String(1, body)));
        var scopeLogs = Bytes(2, Message(Bytes(1, String(1, "hand.written")), Bytes(2, record)));
        return Bytes(1, Message(resource, scopeLogs));
    }
}
