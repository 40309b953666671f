using System.Globalization;

namespace Console.Benchmarks;

/// <summary>The console's allocated bytes and GC counts as its allocation probe last wrote them (see Console.Benchmarks.AllocationProbe).</summary>
internal sealed record AllocationReading(long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    /// <summary>The probe's last line, or null when it has not written one (the hook did not load) or it cannot be read.</summary>
    public static AllocationReading? Read(string path)
    {
        try
        {
            var fields = File.ReadAllText(path).Split(' ');
            return fields.Length == 4
                ? new AllocationReading(
                    long.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture),
                    int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture))
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }

    public static AllocationReading operator -(AllocationReading end, AllocationReading start) =>
        new(end.AllocatedBytes - start.AllocatedBytes, end.Gen0 - start.Gen0, end.Gen1 - start.Gen1, end.Gen2 - start.Gen2);
}
