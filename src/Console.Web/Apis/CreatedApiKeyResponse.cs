using Console.Web.Auth;

namespace Console.Web.Apis;

/// <summary>A created API key: <see cref="ApiKey"/> appears here once and is not kept.</summary>
public sealed record CreatedApiKeyResponse(ApiKeySummary Key, string ApiKey);
