using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Console.Web.Tests.Faults.Harness;

/// <summary>
/// The newest segment of a stopped console's queue (<c>[length u32][crc32c u32][JSON]</c> records, see
/// QueueRecordCodec), read to find where each record ends and which event it holds, and damaged on purpose.
/// </summary>
public sealed class QueueSegmentFile
{
    private QueueSegmentFile(string path, IReadOnlyList<(long End, long Sequence)> records)
    {
        Path = path;
        Records = records;
    }

    public string Path { get; }

    /// <summary>Each record's end offset and the <c>seq</c> of the event it holds, in file order.</summary>
    public IReadOnlyList<(long End, long Sequence)> Records { get; }

    public long Length => new FileInfo(Path).Length;

    /// <summary>Opens the highest-numbered non-empty segment in <paramref name="queueFolder"/>.</summary>
    public static QueueSegmentFile Newest(string queueFolder)
    {
        var path = Directory.EnumerateFiles(queueFolder, "*.wal")
            .Where(p => new FileInfo(p).Length > 0)
            .OrderByDescending(p => long.Parse(System.IO.Path.GetFileNameWithoutExtension(p), CultureInfo.InvariantCulture))
            .First();
        var data = File.ReadAllBytes(path);
        var records = new List<(long, long)>();
        var offset = 0;
        while (offset + 8 <= data.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset));
            using var record = JsonDocument.Parse(data.AsMemory(offset + 8, length));
            offset += 8 + length;
            records.Add((offset, record.RootElement.GetProperty("s").GetProperty("seq").GetInt64()));
        }

        return new QueueSegmentFile(path, records);
    }

    /// <summary>Events whose records end at or before <paramref name="offset"/>: what a replay can still read.</summary>
    public IReadOnlySet<long> SequencesBefore(long offset) => Records.Where(r => r.End <= offset).Select(r => r.Sequence).ToHashSet();

    /// <summary>Appends random bytes after the last record, as a crash in the middle of a write leaves them.</summary>
    public void AppendGarbage(int bytes)
    {
        using var file = new FileStream(Path, FileMode.Append, FileAccess.Write);
        file.Write(RandomNumberGenerator.GetBytes(bytes));
    }

    /// <summary>Cuts the file at <paramref name="offset"/>.</summary>
    public void Truncate(long offset)
    {
        using var file = new FileStream(Path, FileMode.Open, FileAccess.Write);
        file.SetLength(offset);
    }

    /// <summary>Overwrites the last <paramref name="bytes"/> bytes with random ones, as a damaged disk block would.</summary>
    public void OverwriteTail(int bytes)
    {
        using var file = new FileStream(Path, FileMode.Open, FileAccess.Write);
        file.Seek(-bytes, SeekOrigin.End);
        file.Write(RandomNumberGenerator.GetBytes(bytes));
    }
}
