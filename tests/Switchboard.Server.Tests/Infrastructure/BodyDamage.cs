using System.Text;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Damages a valid body the ways a broken client, proxy or upstream does, for the mutation tests.</summary>
public static class BodyDamage
{
    /// <summary>Characters that matter to JSON and SSE, and two multi-byte ones.</summary>
    private const string Noise = "{}[]\":,0-1a\\ \nné你";

    /// <summary>
    /// Returns a copy of <paramref name="valid"/> with one to three bytes replaced by <see cref="Noise"/> characters, or
    /// one byte dropped (which can split a multi-byte character), or the end cut off, chosen by <paramref name="random"/>.
    /// </summary>
    public static byte[] Damage(byte[] valid, Random random)
    {
        var bytes = new List<byte>(valid);
        switch (random.Next(3))
        {
            case 0:
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    var at = random.Next(bytes.Count);
                    bytes.RemoveAt(at);
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Noise[random.Next(Noise.Length)].ToString()));
                }

                break;
            case 1:
                bytes.RemoveAt(random.Next(bytes.Count));
                break;
            default:
                bytes = bytes.GetRange(0, random.Next(bytes.Count));
                break;
        }

        return [.. bytes];
    }
}
