using Console.Shared.Query.Limits;

namespace Console.Shared.Storage;

/// <summary>A search cancelled because it ran longer than <see cref="QueryLimitsOptions.Timeout"/>; the HTTP API answers 503.</summary>
public sealed class QueryTimeoutException : StoreRequestException
{
    public QueryTimeoutException(TimeSpan timeout, Exception inner)
        : base($"the search ran longer than {timeout.TotalSeconds:0.###} s and was cancelled; narrow the time range or the query (setting {QueryLimitsOptions.Setting(nameof(QueryLimitsOptions.Timeout))})", inner)
    {
        Timeout = timeout;
    }

    public TimeSpan Timeout { get; }
}
