using Console.Web.Dashboards;

namespace Console.Web.Apis;

/// <summary>Why a dashboard was refused: <c>error</c> says it in one line, <c>errors</c> gives every reason with its path (and a query's character).</summary>
public sealed record DashboardErrorResponse(string Error, IReadOnlyList<DashboardError> Errors)
{
    public static DashboardErrorResponse Of(IReadOnlyList<DashboardError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var first = errors.Count == 0 ? "the dashboard is not valid" : errors[0].ToString();
        return new DashboardErrorResponse(errors.Count > 1 ? $"{first} (and {errors.Count - 1} more)" : first, errors);
    }

    public static DashboardErrorResponse Of(ApiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new DashboardErrorResponse(error.Error, [new DashboardError("", error.Error, error.Position)]);
    }
}
