using System.Security.Cryptography;

namespace Console.Web.Auth;

/// <summary>Generated passwords and ids: from the system's cryptographic random source, in letters that cannot be confused.</summary>
public static class OneTimePasswords
{
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>20 characters of a 55-letter alphabet: about 115 bits.</summary>
    public static string Generate() => new(RandomNumberGenerator.GetItems<char>(Alphabet, 20));

    /// <summary>32 random bytes, base64url without padding (43 characters).</summary>
    public static string RandomToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
