using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Sources.Clef;

/// <summary>Checks a key against <see cref="ClefReceiverOptions.ApiKeys"/>; with none configured every request is accepted.</summary>
public sealed class ConfiguredSeqApiKeyValidator(IOptions<ClefReceiverOptions> options) : ISeqApiKeyValidator
{
    public ValueTask<ApiKeyVerdict> CheckAsync(string? apiKey, CancellationToken cancellationToken)
    {
        var keys = options.Value.ApiKeys;
        if (keys.Count == 0)
        {
            return ValueTask.FromResult(ApiKeyVerdict.Accepted);
        }

        if (string.IsNullOrEmpty(apiKey))
        {
            return ValueTask.FromResult(ApiKeyVerdict.Missing);
        }

        // Constant-time comparison, so response times do not reveal how much of a key was right.
        var presented = Encoding.UTF8.GetBytes(apiKey);
        var accepted = keys.Any(key => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), presented));
        return ValueTask.FromResult(accepted ? ApiKeyVerdict.Accepted : ApiKeyVerdict.Invalid);
    }
}
