namespace Console.Web.Auth;

/// <summary>
/// A key for programs (table <c>api_keys</c>). The key itself is shown once at creation; only its SHA-256 is kept,
/// with a public prefix that names it in lists and lets a presented key be looked up.
/// </summary>
public sealed class ApiKey
{
    public const int MaxNameLength = 100;
    public const int PrefixLength = 8;

    public long Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The key's second part, such as <c>3fk9x2ab</c> in <c>lck_3fk9x2ab_...</c>; unique.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Lowercase hex SHA-256 of the whole key. A key has 256 random bits, so a slow hash would add nothing.</summary>
    public string Hash { get; set; } = "";

    public ApiKeyScopes Scopes { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime? RevokedUtc { get; set; }

    public DateTime? LastUsedUtc { get; set; }
}
