using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;

namespace Console.Web.Apis;

/// <summary>
/// Reads a request's JSON body by hand, so a malformed one gets the API's own <c>{"error": ...}</c> answer instead of
/// the framework's problem details.
/// </summary>
public static class JsonBody
{
    /// <param name="what">What the body should be, for the error ("saved search", "alert rule").</param>
    public static async Task<(T? Body, ApiError? Error)> ReadAsync<T>(HttpRequest request, JsonOptions json, string what, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(json);
        if (!request.HasJsonContentType())
        {
            return (null, new ApiError("the body must be JSON (Content-Type: application/json)"));
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, json.SerializerOptions, cancellationToken);
            return body is null ? (null, new ApiError("the body must be a JSON object")) : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, new ApiError($"the body is not a valid {what}: {ex.Message}"));
        }
    }
}
