using System.Text;

namespace Console.Web.Tests.Faults.Receivers;

/// <summary>
/// Random and malformed inputs for the receivers: random bytes (invalid UTF-8, control characters, NULs where the
/// framing allows), truncated and mistyped JSON, deep nesting, huge numbers, oversize frames. Seeded, so a failure
/// can be replayed; every piece avoids the receiver's own frame delimiter so valid events around it stay framed.
/// </summary>
public sealed class MalformedInput(int seed)
{
    private static readonly string[] JsonShapes =
    [
        "{", "}", "{\"a\":", "[1,2,3]", "\"just a string\"", "42", "null", "true", "{\"a\":1,}", "{'single':'quotes'}",
        "{\"n\":1e999999}", "{\"n\":-0.0e-99999}", "{\"@timestamp\":\"not a time\",\"message\":\"x\"}", "{\"@timestamp\":12345678901234567890}",
        "{\"message\":{\"nested\":[1,{\"deeper\":null}]}}", "{\"\":\"empty key\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}",
        "{\"a\":1}{\"b\":2}", "\ufeff{\"bom\":1}", "{\"a\":\"unterminated}",
    ];

    private readonly Random _random = new(seed);

    /// <summary>
    /// One malformed piece, never containing <paramref name="delimiter"/> nor starting with a digit (octet-counted syslog);
    /// about one in 320 is <paramref name="maxBytes"/> long.
    /// </summary>
    public byte[] Next(byte delimiter, int maxBytes)
    {
        var bytes = _random.Next(8) switch
        {
            0 or 1 or 2 => RandomBytes(_random.Next(1, 4096)),
            3 => Encoding.UTF8.GetBytes(JsonShapes[_random.Next(JsonShapes.Length)]),
            4 => Encoding.UTF8.GetBytes(new string('[', _random.Next(100, 20_000)) + new string(']', _random.Next(0, 100))),
            // Now and then one just over the receiver's limit (an oversize frame it must skip), else a few KiB.
            5 => Encoding.UTF8.GetBytes("{\"big\":\"" + new string('x', _random.Next(40) == 0 ? maxBytes : _random.Next(1, 4096)) + "\"}"),
            6 => Encoding.UTF8.GetBytes("<" + _random.Next(-5, 2000) + ">" + (_random.Next(2) == 0 ? "1 " : "Nov 31 25:61:61 ") + Encoding.Latin1.GetString(RandomBytes(200))),
            _ => [0x1e, 0x0f, .. RandomBytes(_random.Next(1, 64))], // GELF chunk header followed by nonsense
        };

        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == delimiter)
            {
                bytes[i] = (byte)'?';
            }
        }

        if (bytes.Length > 0 && bytes[0] is >= (byte)'0' and <= (byte)'9')
        {
            bytes[0] = (byte)'#';
        }

        return bytes;
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }
}
