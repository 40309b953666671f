namespace Console.Web.Auth;

/// <summary>What an API key may be used for; a key holds one or both.</summary>
[Flags]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ApiKeyScopes>))]
public enum ApiKeyScopes
{
    None = 0,

    /// <summary>Send events: <c>POST /api/ingest</c>, <c>/_bulk</c> and the other HTTP receivers.</summary>
    Ingest = 1,

    /// <summary>Read events: the search, aggregate, export and field APIs and the tail hub.</summary>
    Read = 2,
}
