using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Agents.Tests.Fakes;

/// <summary>One scripted model response: text, tool calls, usage and optional decision metadata.</summary>
public sealed record ScriptedTurn
{
    public string Text { get; init; } = string.Empty;

    public IReadOnlyList<FunctionCallContent> Calls { get; init; } = [];

    public UsageDetails Usage { get; init; } = new() { InputTokenCount = 10, OutputTokenCount = 5, TotalTokenCount = 15 };

    public JsonElement? Metadata { get; init; }

    /// <summary>A final answer.</summary>
    public static ScriptedTurn Answer(string text) => new() { Text = text };

    /// <summary>One tool call.</summary>
    public static ScriptedTurn Call(string callId, string tool, string argumentsJson) =>
        new() { Calls = [ToolCallArguments.CreateCall(callId, tool, argumentsJson)] };

    /// <summary>Several tool calls in one turn.</summary>
    public static ScriptedTurn Calling(params (string CallId, string Tool, string ArgumentsJson)[] calls) =>
        new() { Calls = [.. calls.Select(c => ToolCallArguments.CreateCall(c.CallId, c.Tool, c.ArgumentsJson))] };

    /// <summary>An answer carrying the built-in engine's decision metadata.</summary>
    public static ScriptedTurn WithMetadata(string text, string metadataJson) =>
        new() { Text = text, Metadata = JsonElement.Parse(metadataJson) };
}
