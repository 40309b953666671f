namespace Console.Ingest.Parsing.Grok;

/// <summary>One named capture of a compiled expression: which field it fills, with what type, from which regex group.</summary>
public sealed class GrokCapture
{
    internal GrokCapture(string field, IReadOnlyList<string> path, GrokCaptureType type, int groupNumber, bool written)
    {
        Field = field;
        Path = path;
        Type = type;
        GroupNumber = groupNumber;
        Written = written;
    }

    /// <summary>The name as written in the expression (<c>client.ip</c>, <c>[client][ip]</c>).</summary>
    public string Field { get; }

    /// <summary>The nested object path the value is written to (<c>client</c>, <c>ip</c>).</summary>
    public IReadOnlyList<string> Path { get; }

    public GrokCaptureType Type { get; }

    public int GroupNumber { get; }

    /// <summary>False for captures the caller reads itself (a time to convert, a level to normalise): Apply skips them.</summary>
    public bool Written { get; }
}
