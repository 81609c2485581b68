using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Switchboard.Abstractions.Ids;

/// <summary>
/// Creates ids of the form <c>prefix_</c> + 10 characters of millisecond time + 16 random characters (Crockford
/// base32, lower case): unique without coordination between nodes, and ordered by creation time when compared
/// ordinally, which keyset pagination relies on.
/// </summary>
public static class SortableId
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    // Ids are made on every model call (the ledger row, the response id): a call into the OS random source for ten
    // bytes each time showed in profiles, so each thread draws a block from it and hands it out ten bytes at a time.
    // The bytes are the same cryptographic random bytes, and no two threads share a block.
    private const int BlockSize = 640;

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_used;

    /// <summary>Creates a new id.</summary>
    /// <param name="prefix">The prefix, e.g. <c>conv</c>.</param>
    /// <param name="timeProvider">The clock.</param>
    public static string New(string prefix, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var time = (ulong)timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        Span<byte> random = stackalloc byte[10];
        FillRandom(random);

        // The random bytes travel as two integers: an array for them would be the only other allocation.
        var state = (prefix, time, First: MemoryMarshal.Read<ulong>(random), Last: MemoryMarshal.Read<ushort>(random[8..]));
        return string.Create(prefix.Length + 1 + 26, state, static (span, state) =>
        {
            Span<byte> random = stackalloc byte[10];
            MemoryMarshal.Write(random, in state.First);
            MemoryMarshal.Write(random[8..], in state.Last);
            state.prefix.AsSpan().CopyTo(span);
            span[state.prefix.Length] = '_';
            var body = span[(state.prefix.Length + 1)..];
            var time = state.time;
            for (var i = 9; i >= 0; i--)
            {
                body[i] = Alphabet[(int)(time & 31)];
                time >>= 5;
            }

            // 80 random bits as 16 base32 characters.
            var bits = 0;
            var buffer = 0;
            var position = 10;
            foreach (var b in random)
            {
                buffer = (buffer << 8) | b;
                bits += 8;
                while (bits >= 5)
                {
                    bits -= 5;
                    body[position++] = Alphabet[(buffer >> bits) & 31];
                }
            }
        });
    }

    private static void FillRandom(Span<byte> destination)
    {
        var block = t_block;
        if (block is null || t_used + destination.Length > block.Length)
        {
            block = t_block ??= new byte[BlockSize];
            RandomNumberGenerator.Fill(block);
            t_used = 0;
        }

        var slice = block.AsSpan(t_used, destination.Length);
        slice.CopyTo(destination);
        slice.Clear(); // a byte handed out is not kept
        t_used += destination.Length;
    }
}
