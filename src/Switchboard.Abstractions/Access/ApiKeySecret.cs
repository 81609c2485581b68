namespace Switchboard.Abstractions.Access;

/// <summary>What verifies a key's secret: a random salt and HMAC-SHA256(salt, secret).</summary>
/// <param name="Prefix">The display prefix of the token.</param>
/// <param name="Salt">The salt.</param>
/// <param name="Hash">The salted hash.</param>
public sealed record ApiKeySecret(string Prefix, byte[] Salt, byte[] Hash);
