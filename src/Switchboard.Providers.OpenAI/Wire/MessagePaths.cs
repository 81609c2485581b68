namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>
/// The JSON paths of a request's messages and their content (<c>messages[3]</c>, <c>messages[3].content</c>), made once
/// for the first 64: the reader names them only in errors, but hands them down on every message, so building them per
/// request cost two strings a message.
/// </summary>
internal static class MessagePaths
{
    private const int Cached = 64;

    private static readonly string[] Messages = [.. Enumerable.Range(0, Cached).Select(i => $"messages[{i}]")];
    private static readonly string[] Contents = [.. Messages.Select(path => path + ".content")];

    /// <summary>The path of message <paramref name="index"/>.</summary>
    public static string Of(int index) => index < Cached ? Messages[index] : $"messages[{index}]";

    /// <summary>The path of the content of message <paramref name="index"/>.</summary>
    public static string ContentOf(int index) => index < Cached ? Contents[index] : $"messages[{index}].content";
}
