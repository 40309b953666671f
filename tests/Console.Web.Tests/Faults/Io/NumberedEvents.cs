using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Console.Web.Tests.Faults.Io;

/// <summary>
/// Events numbered by <c>seq</c>, each with a payload derived from its number (so a checker can tell it is intact), as
/// the NDJSON lines a sender posts.
/// </summary>
public static class NumberedEvents
{
    /// <summary>The events' time: fixed, so they all land in one daily index whatever the date.</summary>
    public const string Timestamp = "2026-11-23T10:00:00Z";

    /// <summary>The payload event <paramref name="seq"/> must carry: its number, a digest of it, and text outside ASCII.</summary>
    public static string Payload(int seq)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(seq)))[..24];
        return $"p{seq.ToString(CultureInfo.InvariantCulture)}-{digest}-héllo ✓ \"quoted\" \\ tab\t";
    }

    public static string Line(int seq)
    {
        var payload = System.Text.Json.JsonSerializer.Serialize(Payload(seq));
        return $"{{\"@timestamp\":\"{Timestamp}\",\"message\":\"numbered event {seq.ToString(CultureInfo.InvariantCulture)}\"," +
               $"\"seq\":{seq.ToString(CultureInfo.InvariantCulture)},\"payload\":{payload}}}";
    }

    /// <summary>NDJSON of events <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1.</summary>
    public static string Body(int first, int count)
    {
        var body = new StringBuilder(count * 160);
        for (var seq = first; seq < first + count; seq++)
        {
            body.Append(Line(seq)).Append('\n');
        }

        return body.ToString();
    }

    public static StringContent Content(int first, int count) => new(Body(first, count), Encoding.UTF8, "application/x-ndjson");
}
