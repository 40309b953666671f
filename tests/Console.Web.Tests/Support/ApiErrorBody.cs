using System.Net.Http.Json;
using System.Text.Json;

namespace Console.Web.Tests.Support;

/// <summary>The API's error answers: <c>{"error": "reason"}</c> (<c>ApiError</c>).</summary>
public static class ApiErrorBody
{
    /// <summary>The reason an error answer gives.</summary>
    public static async Task<string> ErrorOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;
}
