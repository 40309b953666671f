using System.Text;

namespace Console.Ingest.Sources.Files;

/// <summary>
/// The state of one stream of a file: the whole file for plain text, stdout or stderr for Docker logs, whose
/// partial lines and multi-line events must not mix with the other stream's.
/// </summary>
internal sealed class FileStreamChannel(MultilineAggregator? multiline)
{
    public MultilineAggregator? Multiline { get; } = multiline;

    /// <summary>Text of a Docker line split into parts, gathered until the part that ends with a newline.</summary>
    public StringBuilder Partial { get; } = new();

    /// <summary>Where the first part of the pending split line starts; null when none is pending.</summary>
    public long? PartialStart { get; set; }

    public string? PartialTime { get; set; }

    public int PartialBytes { get; set; }

    /// <summary>The pending split line grew past the limit and was rejected; its later parts are skipped.</summary>
    public bool SkippingPartial { get; set; }

    /// <summary>The earliest byte not yet in an emitted event.</summary>
    public long? PendingStart => (PartialStart, Multiline?.PendingStart) switch
    {
        (null, var pending) => pending,
        (var partial, null) => partial,
        (long partial, long pending) => Math.Min(partial, pending),
    };

    public void ClearPartial()
    {
        Partial.Clear();
        PartialStart = null;
        PartialTime = null;
        PartialBytes = 0;
        SkippingPartial = false;
    }
}
