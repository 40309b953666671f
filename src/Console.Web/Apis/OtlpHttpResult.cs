namespace Console.Web.Apis;

/// <summary>An OTLP/HTTP answer: a protobuf or JSON body with its status and, for a full queue, Retry-After.</summary>
public sealed class OtlpHttpResult(int statusCode, byte[] body, string contentType, int? retryAfterSeconds = null) : IResult, IStatusCodeHttpResult
{
    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public byte[] Body { get; } = body;

    public string ContentType { get; } = contentType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCode;
        httpContext.Response.ContentType = ContentType;
        if (retryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        httpContext.Response.ContentLength = Body.Length;
        await httpContext.Response.Body.WriteAsync(Body);
    }
}
