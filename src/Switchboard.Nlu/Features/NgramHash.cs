namespace Switchboard.Nlu.Features;

/// <summary>64-bit FNV-1a hashing of n-grams straight from spans, so feature lookup allocates nothing.</summary>
internal static class NgramHash
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Hash(ReadOnlySpan<char> text, ulong seed)
    {
        var hash = Offset ^ seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * Prime;
        }

        return hash;
    }

    /// <summary>Combines the hashes of consecutive tokens into the hash of the word n-gram.</summary>
    public static ulong Combine(ulong left, ulong right) => ((left ^ (right + 0x9E3779B97F4A7C15 + (left << 6) + (left >> 2))) * Prime) ^ 0x5851F42D4C957F2D;
}
