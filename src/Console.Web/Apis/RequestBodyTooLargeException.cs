namespace Console.Web.Apis;

/// <summary>A request body (after its Content-Encoding is undone) longer than the route takes.</summary>
public sealed class RequestBodyTooLargeException(long maxBytes)
    : IOException($"the request body is longer than {maxBytes} bytes")
{
    public long MaxBytes { get; } = maxBytes;
}
