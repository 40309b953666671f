using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Console.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Console.Web.Auth;

/// <summary>
/// API keys: <c>lck_{prefix}_{secret}</c>, where the 8-character prefix names the key and the secret has 256 random
/// bits. Only the SHA-256 of the whole key is stored. Valid keys are remembered (by hash) for a short while so busy
/// ingest does not read the database per request; a revocation forgets them at once.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<ConsoleDbContext> contexts, TimeProvider clock, ILogger<ApiKeyService> logger) : IApiKeyValidator
{
    public const string KeyStart = "lck_";
    private const string PrefixAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private static readonly TimeSpan RememberFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (ApiKeySummary Key, long CheckedTicks)> _valid = new(StringComparer.Ordinal);

    /// <summary>Raised after a key was revoked; hub connections opened with it close.</summary>
    public event Action? Revoked;

    public async Task<(ApiKeyCreated? Created, string? Error)> CreateAsync(string? name, ApiKeyScopes scopes, string createdBy, CancellationToken cancellationToken = default)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > ApiKey.MaxNameLength || name.Any(char.IsControl))
        {
            return (null, $"a key's name has 1 to {ApiKey.MaxNameLength} characters and no control characters");
        }

        if (scopes == ApiKeyScopes.None || (scopes & ~(ApiKeyScopes.Ingest | ApiKeyScopes.Read)) != 0)
        {
            return (null, "a key needs the ingest scope, the read scope or both");
        }

        var prefix = new string(RandomNumberGenerator.GetItems<char>(PrefixAlphabet, ApiKey.PrefixLength));
        var key = $"{KeyStart}{prefix}_{OneTimePasswords.RandomToken()}";
        var row = new ApiKey
        {
            Name = name,
            Prefix = prefix,
            Hash = HashOf(key),
            Scopes = scopes,
            CreatedBy = createdBy,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("API key {Prefix} ({Name}) created by {User} with scopes {Scopes}", prefix, name, createdBy, scopes);
        return (new ApiKeyCreated(ApiKeySummary.From(row), key), null);
    }

    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedUtc != null).ThenBy(k => k.Name).ToListAsync(cancellationToken);
        return keys.Select(ApiKeySummary.From).ToList();
    }

    /// <summary>Revokes for good; false when there is no such key.</summary>
    public async Task<bool> RevokeAsync(long id, string revokedBy, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return false;
        }

        key.RevokedUtc ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        _valid.Clear();
        Revoked?.Invoke();
        logger.LogInformation("API key {Prefix} ({Name}) revoked by {User}", key.Prefix, key.Name, revokedBy);
        return true;
    }

    public async ValueTask<ApiKeySummary?> ValidateAsync(string? presentedKey, ApiKeyScopes required, CancellationToken cancellationToken = default)
    {
        var key = await FindAsync(presentedKey, cancellationToken);
        return key is not null && (key.Scopes & required) == required ? key : null;
    }

    /// <summary>Whether the key with this id is still usable (for connections that outlive the request that opened them).</summary>
    public async ValueTask<bool> IsActiveAsync(long id, CancellationToken cancellationToken = default)
    {
        if (_valid.Values.Any(v => v.Key.Id == id && !IsStale(v.CheckedTicks)))
        {
            return true;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AnyAsync(k => k.Id == id && k.RevokedUtc == null, cancellationToken);
    }

    private async ValueTask<ApiKeySummary?> FindAsync(string? presented, CancellationToken cancellationToken)
    {
        // lck_ + 8 + _ + 43 characters; anything else is not one of ours and costs no database read.
        if (presented is null || presented.Length != KeyStart.Length + ApiKey.PrefixLength + 1 + 43
            || !presented.StartsWith(KeyStart, StringComparison.Ordinal) || presented[KeyStart.Length + ApiKey.PrefixLength] != '_')
        {
            return null;
        }

        var hash = HashOf(presented);
        if (_valid.TryGetValue(hash, out var remembered) && !IsStale(remembered.CheckedTicks))
        {
            return remembered.Key;
        }

        var prefix = presented.Substring(KeyStart.Length, ApiKey.PrefixLength);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (row is null || row.RevokedUtc is not null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(row.Hash), Encoding.ASCII.GetBytes(hash)))
        {
            return null;
        }

        row.LastUsedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        var summary = ApiKeySummary.From(row);
        _valid[hash] = (summary, clock.GetUtcNow().UtcTicks);
        return summary;
    }

    private bool IsStale(long checkedTicks) => clock.GetUtcNow().UtcTicks - checkedTicks >= RememberFor.Ticks;

    private static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
