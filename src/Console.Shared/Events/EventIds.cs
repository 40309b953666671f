using System.Security.Cryptography;

namespace Console.Shared.Events;

/// <summary>Generates event ids: 20 random bytes in URL-safe base64, the shape of Elasticsearch's auto ids.</summary>
public static class EventIds
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[15];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }
}
