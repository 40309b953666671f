namespace Console.Web.Auth;

/// <summary>An API key as lists show it: never the key or its hash.</summary>
public sealed record ApiKeySummary(long Id, string Name, string Prefix, ApiKeyScopes Scopes, string CreatedBy, DateTime CreatedUtc, DateTime? RevokedUtc, DateTime? LastUsedUtc)
{
    public static ApiKeySummary From(ApiKey key) =>
        new(key.Id, key.Name, key.Prefix, key.Scopes, key.CreatedBy, key.CreatedUtc, key.RevokedUtc, key.LastUsedUtc);
}
