using System.Text.Json;

namespace Console.Web.Tests.Support;

/// <summary>The API's JSON shape (snake_case), for reading and writing its bodies in tests.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
