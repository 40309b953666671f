using System.Net;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>
/// Elasticsearch answered with an error, or no node could be reached. It is an <see cref="HttpRequestException"/> so the
/// ingest worker's retry loop keeps the events and tries again, as it does for a failing disk.
/// </summary>
public sealed class ElasticsearchException : HttpRequestException
{
    public ElasticsearchException()
    {
    }

    public ElasticsearchException(string message)
        : base(message)
    {
    }

    public ElasticsearchException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ElasticsearchException(HttpStatusCode? status, string? errorType, string? reason, Exception? inner = null)
        : base(Describe(status, errorType, reason), inner, status)
    {
        ErrorType = errorType;
        Reason = reason;
    }

    /// <summary>Elasticsearch's <c>error.type</c>, such as <c>index_not_found_exception</c>; null when no node answered.</summary>
    public string? ErrorType { get; }

    /// <summary>Elasticsearch's <c>error.reason</c>.</summary>
    public string? Reason { get; }

    /// <summary>True for what may pass by itself: no node reached, 429 (queues full) and 5xx.</summary>
    public bool IsTransient => StatusCode is null || StatusCode == HttpStatusCode.TooManyRequests || (int)StatusCode >= 500;

    private static string Describe(HttpStatusCode? status, string? errorType, string? reason) =>
        status is null
            ? $"Elasticsearch could not be reached: {reason}"
            : $"Elasticsearch answered {(int)status.Value}{(errorType is null ? string.Empty : " " + errorType)}: {reason}";
}
