using System.Buffers.Binary;

namespace Console.Shared.Storage.Embedded;

/// <summary>The <c>search_after</c> cursor: the last hit's time and sequence number, opaque to clients (URL-safe base64).</summary>
internal static class SearchCursor
{
    public static string Encode(long timestampMillis, long sequence)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, timestampMillis);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], sequence);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string cursor, out long timestampMillis, out long sequence)
    {
        timestampMillis = sequence = 0;
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 += (base64.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        Span<byte> bytes = stackalloc byte[18];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != 16)
        {
            return false;
        }

        timestampMillis = BinaryPrimitives.ReadInt64BigEndian(bytes);
        sequence = BinaryPrimitives.ReadInt64BigEndian(bytes[8..]);
        return true;
    }
}
