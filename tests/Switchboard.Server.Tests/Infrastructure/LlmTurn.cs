namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>One answer of <see cref="ScriptedLlm"/>: text, or tool calls (name and JSON arguments).</summary>
public sealed record LlmTurn(string? Text, IReadOnlyList<(string Name, string Arguments)> Calls)
{
    public static LlmTurn Say(string text) => new(text, []);

    public static LlmTurn Call(string name, string arguments) => new(null, [(name, arguments)]);

    public static LlmTurn CallMany(params (string Name, string Arguments)[] calls) => new(null, calls);
}
