using Console.Shared.Query;
using Console.Shared.Query.Limits;

namespace Console.Web.Apis;

/// <summary>
/// The body of every 4xx answer (and of a timed-out search's 503): what is wrong, for a query the 0-based character where,
/// and for a refusal by a limit the setting that refused it (<c>Query:MaxRegexLength</c>).
/// </summary>
public sealed record ApiError(string Error, int? Position = null, string? Setting = null)
{
    /// <summary>The error of a query that cannot run, with the setting when a limit refused it.</summary>
    public static ApiError From(QuerySyntaxException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return new ApiError(ex.Message, ex.Position, (ex as QueryLimitException)?.Setting);
    }
}
