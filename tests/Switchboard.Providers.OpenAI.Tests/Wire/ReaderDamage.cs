using System.Text.Json;

namespace Switchboard.Providers.OpenAI.Tests.Wire;

/// <summary>Damages a valid body every way a cut-off or garbled upstream can, for the readers' tests.</summary>
internal static class ReaderDamage
{
    private const string Noise = "{}[]\":,0a-\\ n";

    /// <summary>
    /// Reads every strict prefix of <paramref name="valid"/>, which must be a <see cref="JsonException"/>, and 2,000
    /// copies with one byte replaced by a character that matters to JSON, which may be read or be a
    /// <see cref="JsonException"/> but nothing else: any other exception would escape the adapter's mapping as a crash.
    /// </summary>
    public static void AssertOnlyJsonExceptions(byte[] valid, Action<byte[]> read)
    {
        for (var length = 0; length < valid.Length; length++)
        {
            Assert.ThrowsAny<JsonException>(() => read(valid[..length]));
        }

        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = (byte[])valid.Clone();
            bytes[random.Next(bytes.Length)] = (byte)Noise[random.Next(Noise.Length)];
            try
            {
                read(bytes);
            }
            catch (JsonException)
            {
            }
        }
    }
}
