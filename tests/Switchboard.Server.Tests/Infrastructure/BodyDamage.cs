using System.Text;
using System.Text.Json.Nodes;

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

    /// <summary>
    /// Returns well-formed variants of a JSON body: every value in it (objects and arrays included, the root excepted)
    /// replaced in turn by each of <see cref="Replacements"/>, and, as a member or an item, left out.
    /// </summary>
    public static IEnumerable<byte[]> Retyped(string json)
    {
        var root = JsonNode.Parse(json) ?? throw new ArgumentException("The seed is null.", nameof(json));
        foreach (var path in Paths(root, []))
        {
            foreach (var replacement in Replacements)
            {
                var copy = root.DeepClone();
                Replace(copy, path, replacement is null ? null : JsonNode.Parse(replacement));
                yield return Encoding.UTF8.GetBytes(copy.ToJsonString());
            }

            var without = root.DeepClone();
            Remove(without, path);
            yield return Encoding.UTF8.GetBytes(without.ToJsonString());
        }
    }

    /// <summary>What a value is swapped for: each JSON kind, empty ones, extremes and a long string (JSON text; null for null).</summary>
    private static readonly string?[] Replacements =
    [
        null, "true", "0", "-1", "1.5", "1e300", "-1e300", "123456789012345678901234567890", "\"\"", "\" \"",
        "\"" + new string('x', 5000) + "\"", "\"\\u0000\"", "\"2026-13-45T99:00:00Z\"", "[]", "[null]", "[1]", "{}", "{\"a\":null}",
    ];

    private static IEnumerable<object[]> Paths(JsonNode node, object[] prefix)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    object[] path = [.. prefix, name];
                    yield return path;
                    if (child is not null)
                    {
                        foreach (var deeper in Paths(child, path))
                        {
                            yield return deeper;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    object[] path = [.. prefix, i];
                    yield return path;
                    if (array[i] is { } child)
                    {
                        foreach (var deeper in Paths(child, path))
                        {
                            yield return deeper;
                        }
                    }
                }

                break;
        }
    }

    private static JsonNode Parent(JsonNode root, object[] path)
    {
        var node = root;
        foreach (var step in path[..^1])
        {
            node = (step is string name ? node[name] : node[(int)step])!;
        }

        return node;
    }

    private static void Replace(JsonNode root, object[] path, JsonNode? value)
    {
        var parent = Parent(root, path);
        if (path[^1] is string name)
        {
            parent[name] = value;
        }
        else
        {
            parent[(int)path[^1]] = value;
        }
    }

    private static void Remove(JsonNode root, object[] path)
    {
        var parent = Parent(root, path);
        if (path[^1] is string name)
        {
            parent.AsObject().Remove(name);
        }
        else
        {
            parent.AsArray().RemoveAt((int)path[^1]);
        }
    }
}
