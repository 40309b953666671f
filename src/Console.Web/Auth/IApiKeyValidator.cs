namespace Console.Web.Auth;

/// <summary>
/// Checks a presented API key, for receivers that read keys from their own headers (Seq's <c>X-Seq-ApiKey</c>). Routes
/// behind <c>RequireIngest()</c>/<c>RequireRead()</c> need no call: the ApiKey authentication scheme already reads
/// <c>Authorization: ApiKey ...</c> and <c>X-Seq-ApiKey</c>.
/// </summary>
public interface IApiKeyValidator
{
    /// <summary>The key when it exists, is not revoked and holds every scope in <paramref name="required"/>; otherwise null.</summary>
    ValueTask<ApiKeySummary?> ValidateAsync(string? presentedKey, ApiKeyScopes required, CancellationToken cancellationToken = default);
}
