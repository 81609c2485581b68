using Switchboard.Abstractions.Conversations;

namespace Switchboard.Agents.Tests.Runtime;

/// <summary>Builds stored conversation messages for tests of what is built from a history.</summary>
internal sealed class StoredMessages
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);
    private readonly List<ConversationMessage> _messages = [];

    public IReadOnlyList<ConversationMessage> All => _messages;

    public StoredMessages User(string text) => Add("user", text, [], null);

    public StoredMessages Assistant(string? text, params ToolCallRecord[] calls) => Add("assistant", text, calls, null);

    public StoredMessages Tool(string callId, string result) => Add("tool", result, [], callId);

    private StoredMessages Add(string role, string? content, IReadOnlyList<ToolCallRecord> calls, string? callId)
    {
        var sequence = _messages.Count + 1;
        _messages.Add(new ConversationMessage(
            $"msg_{sequence}", "conv_1", sequence, role, content, calls, callId, null, null, null, null, null, null, Start.AddMinutes(sequence)));
        return this;
    }
}
