namespace Console.Web.Auth;

/// <summary>Claims the console puts in its principals besides name, name identifier and role.</summary>
public static class ConsoleClaimTypes
{
    /// <summary><c>user</c> for a person (cookie or auth off), <c>api-key</c> for a program.</summary>
    public const string Kind = "console:kind";

    public const string SessionId = "console:sid";

    public const string SecurityStamp = "console:stamp";

    /// <summary>One claim per scope of an API key: <c>ingest</c>, <c>read</c>.</summary>
    public const string Scope = "console:scope";

    public const string UserKind = "user";

    public const string ApiKeyKind = "api-key";
}
