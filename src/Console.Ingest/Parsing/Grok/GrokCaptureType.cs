namespace Console.Ingest.Parsing.Grok;

/// <summary>The type a capture is converted to: <c>%{NUMBER:bytes:int}</c>, <c>%{NUMBER:took:float}</c>, or text.</summary>
public enum GrokCaptureType
{
    String,
    Int,
    Float,
}
