using System.Buffers.Binary;

namespace Console.Ingest.Sources.Otlp;

/// <summary>
/// Reads the protobuf wire format (varint, 64-bit, length-delimited, 32-bit) over one buffer. Small on purpose: OTLP's
/// log messages need nothing more, and a hand-written reader needs no code generation. Every malformed input (a varint
/// of more than ten bytes, a length past the end, a group or unknown wire type) throws <see cref="OtlpFormatException"/>.
/// </summary>
internal struct ProtobufReader(ReadOnlyMemory<byte> buffer)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlyMemory<byte> _buffer = buffer;
    private int _position;

    public readonly bool AtEnd => _position >= _buffer.Length;

    /// <summary>Reads the next field's number and wire type; false at the end of the message.</summary>
    public bool TryReadTag(out int field, out int wireType)
    {
        field = 0;
        wireType = 0;
        if (AtEnd)
        {
            return false;
        }

        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (field <= 0 || tag >> 3 > int.MaxValue)
        {
            throw new OtlpFormatException($"invalid protobuf field number {tag >> 3} at byte {_position}");
        }

        return true;
    }

    public ulong ReadVarint()
    {
        var span = _buffer.Span;
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= span.Length)
            {
                throw new OtlpFormatException("protobuf message ends inside a varint");
            }

            var b = span[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new OtlpFormatException($"malformed protobuf varint ending at byte {_position}");
    }

    public ulong ReadFixed64()
    {
        var span = Take(8).Span;
        return BinaryPrimitives.ReadUInt64LittleEndian(span);
    }

    public uint ReadFixed32()
    {
        var span = Take(4).Span;
        return BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    public ReadOnlyMemory<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_buffer.Length - _position))
        {
            throw new OtlpFormatException($"protobuf length {length} at byte {_position} runs past the end of the message ({_buffer.Length - _position} bytes left)");
        }

        return Take((int)length);
    }

    public string ReadString()
    {
        var bytes = ReadBytes();
        try
        {
            return StrictUtf8.GetString(bytes.Span);
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            throw new OtlpFormatException($"protobuf string at byte {_position - bytes.Length} is not valid UTF-8", ex);
        }
    }

    /// <summary>Reads a field's value where the wire type must match, so a field sent with the wrong type is refused.</summary>
    public void Expect(int wireType, int expected, string field)
    {
        if (wireType != expected)
        {
            throw new OtlpFormatException($"protobuf field {field} has wire type {wireType}, expected {expected}");
        }
    }

    /// <summary>Skips a field this reader does not use (forward compatibility, as protobuf requires).</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                Take(8);
                break;
            case LengthDelimited:
                ReadBytes();
                break;
            case Fixed32:
                Take(4);
                break;
            default:
                throw new OtlpFormatException($"unsupported protobuf wire type {wireType} at byte {_position}");
        }
    }

    private ReadOnlyMemory<byte> Take(int count)
    {
        if (count > _buffer.Length - _position)
        {
            throw new OtlpFormatException($"protobuf message ends inside a field at byte {_position}");
        }

        var slice = _buffer.Slice(_position, count);
        _position += count;
        return slice;
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
