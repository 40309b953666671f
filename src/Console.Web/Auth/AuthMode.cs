namespace Console.Web.Auth;

/// <summary><c>Auth:Mode</c>: whether the console asks who you are.</summary>
public enum AuthMode
{
    /// <summary>Every page, API route and hub needs a signed-in user or an API key (the default).</summary>
    Required = 0,

    /// <summary>No sign-in: everyone who reaches the console is its administrator. Refused unless every HTTP address is loopback.</summary>
    None = 1,
}
