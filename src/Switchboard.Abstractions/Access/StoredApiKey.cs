namespace Switchboard.Abstractions.Access;

/// <summary>A key with what verifies its secret, as authentication reads it.</summary>
/// <param name="Key">The key.</param>
/// <param name="Secret">The salt and hash.</param>
public sealed record StoredApiKey(ApiKey Key, ApiKeySecret Secret);
