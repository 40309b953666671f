namespace Console.Web.Auth;

/// <summary>A new key: <see cref="Key"/> is shown once and is not kept anywhere.</summary>
public sealed record ApiKeyCreated(ApiKeySummary Summary, string Key);
