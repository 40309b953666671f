using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace Console.Shared.Events;

/// <summary>
/// Generates event ids: 15 bytes in URL-safe base64 (20 characters, the shape of Elasticsearch's auto ids). The first
/// 7 bytes are random once per process and the last 8 a counter, so ids never repeat within a process and two
/// processes collide only if 56 random bits do. Asking the OS for random bytes per event cost a third of decoding;
/// ids of one process also share a prefix, which keeps the _id terms dictionary small.
/// </summary>
public static class EventIds
{
    private const int PrefixBytes = 7;
    private static readonly byte[] Prefix = RandomNumberGenerator.GetBytes(PrefixBytes);
    private static long _counter = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long))) & long.MaxValue;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[PrefixBytes + sizeof(long)];
        Prefix.CopyTo(bytes);
        BinaryPrimitives.WriteInt64BigEndian(bytes[PrefixBytes..], Interlocked.Increment(ref _counter));
        return Base64Url.EncodeToString(bytes);
    }
}
