namespace Console.Ingest.Sources.Otlp;

/// <summary>Trace and span ids: raw bytes in protobuf, hex in OTLP/JSON; both stored as lower-case hex, all-zero as absent.</summary>
internal static class OtlpIds
{
    public static string? ToHex(ReadOnlySpan<byte> bytes, int expectedLength, string name)
    {
        if (bytes.IsEmpty)
        {
            return null;
        }

        if (bytes.Length != expectedLength)
        {
            throw new OtlpFormatException($"{name} has {bytes.Length} bytes, expected {expectedLength}");
        }

        return bytes.IndexOfAnyExcept((byte)0) < 0 ? null : Convert.ToHexStringLower(bytes);
    }

    public static string? FromHex(string? hex, int expectedLength, string name)
    {
        if (string.IsNullOrEmpty(hex))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new OtlpFormatException($"{name} '{hex}' is not hex");
        }

        return ToHex(bytes, expectedLength, name);
    }
}
