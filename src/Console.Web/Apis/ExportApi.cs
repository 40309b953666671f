using Console.Web.Auth;
using System.Globalization;
using System.Text;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Query.Limits;
using Console.Shared.Storage;
using Microsoft.Extensions.Options;

namespace Console.Web.Apis;

/// <summary>
/// <c>GET /api/export</c>: every hit of a search as NDJSON or CSV, streamed page by page from a search_after cursor,
/// up to <c>Query:MaxExportSize</c> rows (Kibana's CSV reports cap theirs too). Errors in the parameters or the query,
/// and an export larger than the cap, are a 400 before anything is streamed.
/// </summary>
public static class ExportApi
{
    /// <summary>Hits fetched per page of the cursor.</summary>
    public const int PageSize = 1000;

    /// <summary>CSV columns when none are named.</summary>
    public static readonly IReadOnlyList<string> DefaultColumns = [LogSchema.Timestamp, LogSchema.Level, LogSchema.Message];

    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/export", ExportAsync).WithTags("Search").RequireRead().AddEndpointFilter<SearchLimitsFilter>();
        return app;
    }

    public static async Task<IResult> ExportAsync(
        HttpContext http, ILogStore store, TimeProvider clock, IOptions<QueryLimitsOptions> limits, string? index, string? q, string? from, string? to, string? format,
        string? columns, CancellationToken cancellationToken)
    {
        var csv = format?.ToLowerInvariant() switch
        {
            null or "" or "ndjson" => false,
            "csv" => true,
            _ => (bool?)null,
        };
        if (csv is null)
        {
            return TypedResults.BadRequest(new ApiError($"format must be 'ndjson' or 'csv', not '{format}'"));
        }

        if (!QueryParameters.TryRead(index, q, from, to, clock.GetUtcNow(), out var query, out var error))
        {
            return TypedResults.BadRequest(error);
        }

        SearchResult first;
        try
        {
            first = await store.SearchAsync(new SearchRequest(query, PageSize), cancellationToken);
        }
        catch (QuerySyntaxException ex)
        {
            return TypedResults.BadRequest(ApiError.From(ex));
        }
        catch (StoreRequestException ex) when (ex is not QueryTimeoutException) // a timeout is SearchLimitsFilter's 503
        {
            return TypedResults.BadRequest(new ApiError(ex.Message));
        }

        if (first.Total > limits.Value.MaxExportSize)
        {
            var setting = QueryLimitsOptions.Setting(nameof(QueryLimitsOptions.MaxExportSize));
            return TypedResults.BadRequest(new ApiError(
                $"the export would hold {first.Total} events; narrow the time range or the query (limit {limits.Value.MaxExportSize}, setting {setting})", Setting: setting));
        }

        var fields = string.IsNullOrWhiteSpace(columns)
            ? DefaultColumns
            : columns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var name = $"{query.IndexPattern.Replace("*", "", StringComparison.Ordinal).TrimEnd('-')}-export-{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.{(csv.Value ? "csv" : "ndjson")}";
        http.Response.ContentType = csv.Value ? "text/csv; charset=utf-8" : "application/x-ndjson";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        http.Response.Headers["X-Total-Count"] = first.Total.ToString(CultureInfo.InvariantCulture);

        try
        {
            var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024);
            await using (writer.ConfigureAwait(false))
            {
                if (csv.Value)
                {
                    await writer.WriteLineAsync(string.Join(',', fields.Select(Csv.Escape)));
                }

                var page = first;
                while (true)
                {
                    foreach (var hit in page.Hits)
                    {
                        await writer.WriteLineAsync(csv.Value
                            ? string.Join(',', fields.Select(f => Csv.Escape(Csv.Neutralize(EventFieldText.Of(hit.Source, f)))))
                            : hit.Source.ToJsonString());
                    }

                    if (page.Next is null)
                    {
                        break;
                    }

                    await writer.FlushAsync(cancellationToken);
                    page = await store.SearchAsync(new SearchRequest(query, PageSize, SortOrder.Descending, page.Next), cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && http.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-download (closed the tab, cancelled): nothing is left to send to.
        }

        return Results.Empty;
    }
}
