using System.Buffers.Binary;
using Lucene.Net.Util;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// A number as 8 bytes whose unsigned byte order is the numbers' order (Lucene's sortable long, sign bit flipped, big
/// endian), so the ordinals of sorted doc values run from the smallest number to the largest. Values are the raw doc
/// values the store reads elsewhere: a long or date as itself, a double as its IEEE bits.
/// </summary>
internal static class SortableNumberBytes
{
    public const int Length = 8;

    /// <summary>Writes <paramref name="raw"/> into <paramref name="target"/>, whose array holds at least 8 bytes.</summary>
    public static void Write(long raw, bool isDouble, BytesRef target)
    {
        var sortable = isDouble ? NumericUtils.DoubleToSortableInt64(BitConverter.Int64BitsToDouble(raw)) : raw;
        BinaryPrimitives.WriteUInt64BigEndian(target.Bytes.AsSpan(0, Length), (ulong)sortable ^ 0x8000_0000_0000_0000UL);
        target.Offset = 0;
        target.Length = Length;
    }

    /// <summary>The raw value of bytes written by <see cref="Write"/>.</summary>
    public static long Read(BytesRef source, bool isDouble)
    {
        var sortable = (long)(BinaryPrimitives.ReadUInt64BigEndian(source.Bytes.AsSpan(source.Offset, Length)) ^ 0x8000_0000_0000_0000UL);
        return isDouble ? BitConverter.DoubleToInt64Bits(NumericUtils.SortableInt64ToDouble(sortable)) : sortable;
    }
}
