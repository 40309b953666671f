namespace Console.Ingest.Sources.Otlp;

/// <summary>A request body that is not a readable ExportLogsServiceRequest; the whole request is refused with its message.</summary>
public sealed class OtlpFormatException : Exception
{
    public OtlpFormatException()
    {
    }

    public OtlpFormatException(string message)
        : base(message)
    {
    }

    public OtlpFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
