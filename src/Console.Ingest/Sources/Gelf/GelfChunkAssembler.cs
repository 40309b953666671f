using System.Buffers.Binary;
using System.Globalization;

namespace Console.Ingest.Sources.Gelf;

/// <summary>
/// Reassembles chunked GELF datagrams: each starts with the magic bytes 0x1e 0x0f, an 8-byte message id, the chunk's
/// sequence number and the chunk count. A message is complete when all its chunks arrived; one whose chunks do not all
/// arrive within <see cref="GelfReceiverOptions.ChunkTimeout"/> is dropped and reported, as are chunk counts over
/// <see cref="GelfReceiverOptions.MaxChunks"/>, messages over <see cref="GelfReceiverOptions.MaxMessageBytes"/>, and the
/// oldest message when more than <see cref="GelfReceiverOptions.MaxPendingChunkedMessages"/> are open. Thread-safe.
/// </summary>
internal sealed class GelfChunkAssembler(GelfReceiverOptions options, TimeProvider clock)
{
    public const int HeaderBytes = 12;

    private readonly Dictionary<ulong, PendingMessage> _pending = [];
    private readonly Lock _lock = new();

    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public static bool IsChunk(ReadOnlySpan<byte> datagram) => datagram.Length >= 2 && datagram[0] == 0x1e && datagram[1] == 0x0f;

    /// <summary>
    /// Adds one chunk. Returns the whole message when this chunk completed it; null otherwise, with
    /// <paramref name="rejection"/> set when the chunk (or the message it belongs to) was refused.
    /// </summary>
    public byte[]? Add(ReadOnlySpan<byte> datagram, out string? rejection)
    {
        rejection = null;
        // A chunk may carry no data: gelf-pro sends an empty last chunk when the message fills the others exactly.
        if (datagram.Length < HeaderBytes)
        {
            rejection = string.Create(CultureInfo.InvariantCulture, $"chunk of {datagram.Length} bytes is shorter than the 12-byte chunk header");
            return null;
        }

        var id = BinaryPrimitives.ReadUInt64BigEndian(datagram[2..10]);
        var sequence = datagram[10];
        var count = datagram[11];
        if (count == 0 || count > options.MaxChunks)
        {
            rejection = string.Create(CultureInfo.InvariantCulture, $"chunked message {id:x16} announces {count} chunks; at most MaxChunks ({options.MaxChunks}) are taken");
            Forget(id);
            return null;
        }

        if (sequence >= count)
        {
            rejection = string.Create(CultureInfo.InvariantCulture, $"chunk {sequence} of chunked message {id:x16} is outside its {count} chunks");
            return null;
        }

        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (!_pending.TryGetValue(id, out var message))
            {
                if (_pending.Count >= options.MaxPendingChunkedMessages)
                {
                    var oldest = _pending.MinBy(p => p.Value.FirstSeen);
                    _pending.Remove(oldest.Key);
                    rejection = string.Create(CultureInfo.InvariantCulture,
                        $"chunked message {oldest.Key:x16} dropped incomplete ({oldest.Value.Received} of {oldest.Value.Chunks.Length} chunks): MaxPendingChunkedMessages ({options.MaxPendingChunkedMessages}) reached");
                }

                message = new PendingMessage(new byte[count][], now);
                _pending[id] = message;
            }
            else if (message.Chunks.Length != count)
            {
                _pending.Remove(id);
                rejection = string.Create(CultureInfo.InvariantCulture, $"chunks of message {id:x16} disagree on the chunk count ({message.Chunks.Length} and {count}); dropped");
                return null;
            }

            if (message.Chunks[sequence] is not null)
            {
                // A duplicate (UDP may deliver twice): the first copy stands.
                return null;
            }

            var data = datagram[HeaderBytes..];
            if (message.Bytes + data.Length > options.MaxMessageBytes)
            {
                _pending.Remove(id);
                rejection = string.Create(CultureInfo.InvariantCulture, $"chunked message {id:x16} is longer than MaxMessageBytes ({options.MaxMessageBytes}); dropped");
                return null;
            }

            message.Chunks[sequence] = data.ToArray();
            message.Bytes += data.Length;
            message.Received++;
            if (message.Received < count)
            {
                return null;
            }

            _pending.Remove(id);
            var whole = new byte[message.Bytes];
            var at = 0;
            foreach (var chunk in message.Chunks)
            {
                chunk!.CopyTo(whole, at);
                at += chunk!.Length;
            }

            return whole;
        }
    }

    /// <summary>Drops the messages whose chunks did not all arrive in time; returns why, one reason per message.</summary>
    public List<string> Expire()
    {
        var expired = new List<string>();
        var cutoff = clock.GetUtcNow() - options.ChunkTimeout;
        lock (_lock)
        {
            foreach (var (id, message) in _pending.ToList())
            {
                if (message.FirstSeen <= cutoff)
                {
                    _pending.Remove(id);
                    expired.Add(string.Create(CultureInfo.InvariantCulture,
                        $"chunked message {id:x16} incomplete after ChunkTimeout ({options.ChunkTimeout.TotalSeconds:0.###} s): {message.Received} of {message.Chunks.Length} chunks arrived; dropped"));
                }
            }
        }

        return expired;
    }

    private void Forget(ulong id)
    {
        lock (_lock)
        {
            _pending.Remove(id);
        }
    }

    private sealed class PendingMessage(byte[]?[] chunks, DateTimeOffset firstSeen)
    {
        public byte[]?[] Chunks { get; } = chunks;

        public DateTimeOffset FirstSeen { get; } = firstSeen;

        public int Received { get; set; }

        public int Bytes { get; set; }
    }
}
