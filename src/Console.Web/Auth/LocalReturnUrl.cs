namespace Console.Web.Auth;

/// <summary>Return URLs after sign-in: a path on this console, never another site (open redirect) nor the sign-in pages.</summary>
public static class LocalReturnUrl
{
    public static string Sanitize(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 2048 || returnUrl[0] != '/'
            || (returnUrl.Length > 1 && returnUrl[1] is '/' or '\\')
            || returnUrl.Any(c => char.IsControl(c) || c == '\\')
            || returnUrl.StartsWith("/login", StringComparison.OrdinalIgnoreCase)
            || returnUrl.StartsWith("/auth/", StringComparison.OrdinalIgnoreCase))
        {
            return "/";
        }

        return returnUrl;
    }
}
