namespace Console.Ingest.Sources.Otlp;

/// <summary>OTLP/HTTP's two encodings, chosen by Content-Type; the answer uses the same one.</summary>
public enum OtlpPayloadFormat
{
    /// <summary><c>application/x-protobuf</c></summary>
    Protobuf,

    /// <summary><c>application/json</c></summary>
    Json,
}
