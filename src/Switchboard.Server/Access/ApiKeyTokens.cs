using System.Security.Cryptography;
using System.Text;
using Switchboard.Abstractions.Access;

namespace Switchboard.Server.Access;

/// <summary>
/// API key tokens: <c>sbk_&lt;id&gt;_&lt;secret&gt;</c>, where the id finds the stored key and the 256-bit secret is
/// checked against HMAC-SHA256(salt, secret). A configured bootstrap key may be any string of 32 characters or more.
/// </summary>
internal static class ApiKeyTokens
{
    public const string TokenPrefix = "sbk_";
    public const string BootstrapKeyId = "key_bootstrap";
    public const int MaxTokenLength = 512;

    private const int IdBodyLength = 26;

    /// <summary>Creates a token for <paramref name="keyId"/> and what verifies it.</summary>
    public static (string Token, ApiKeySecret Secret) Create(string keyId)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = $"{TokenPrefix}{keyId["key_".Length..]}_{secret}";
        return (token, Protect(token, secret));
    }

    /// <summary>What verifies a configured bootstrap key.</summary>
    public static ApiKeySecret ProtectBootstrap(string token) => Protect(token, token);

    /// <summary>Finds the key id a token names: the embedded id, or the bootstrap key for any other string.</summary>
    public static bool TryParse(string token, out string keyId, out string secret)
    {
        keyId = string.Empty;
        secret = string.Empty;
        if (token.Length is 0 or > MaxTokenLength)
        {
            return false;
        }

        if (token.StartsWith(TokenPrefix, StringComparison.Ordinal)
            && token.Length > TokenPrefix.Length + IdBodyLength + 1
            && token[TokenPrefix.Length + IdBodyLength] == '_')
        {
            keyId = string.Concat("key_", token.AsSpan(TokenPrefix.Length, IdBodyLength));
            secret = token[(TokenPrefix.Length + IdBodyLength + 1)..];
            return secret.Length > 0;
        }

        keyId = BootstrapKeyId;
        secret = token;
        return true;
    }

    /// <summary>Checks a secret against the stored salt and hash in constant time.</summary>
    public static bool Verify(string secret, ApiKeySecret stored)
    {
        Span<byte> hash = stackalloc byte[32];
        Hash(stored.Salt, secret, hash);
        return CryptographicOperations.FixedTimeEquals(hash, stored.Hash);
    }

    /// <summary>A display prefix: enough to recognise a token, far too little to use it.</summary>
    public static string DisplayPrefix(string token) =>
        token.StartsWith(TokenPrefix, StringComparison.Ordinal) && token.Length > TokenPrefix.Length + IdBodyLength + 5
            ? token[..(TokenPrefix.Length + IdBodyLength + 5)]
            : token.Length > 6 ? token[..6] : string.Empty;

    private static ApiKeySecret Protect(string token, string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = new byte[32];
        Hash(salt, secret, hash);
        return new ApiKeySecret(DisplayPrefix(token), salt, hash);
    }

    private static void Hash(byte[] salt, string secret, Span<byte> destination)
    {
        var length = Encoding.UTF8.GetMaxByteCount(secret.Length);
        Span<byte> bytes = length <= 1024 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(secret, bytes);
        HMACSHA256.HashData(salt, bytes[..written], destination);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
