using System.Text;
using Microsoft.Extensions.AI;

namespace Switchboard.Abstractions.Chat;

/// <summary>Folds <see cref="FunctionCallUpdateContent"/> fragments of a stream into whole tool calls.</summary>
public sealed class StreamingToolCallAssembler
{
    private readonly SortedDictionary<int, PendingCall> _calls = [];

    /// <summary>Gets a value indicating whether any fragment has been seen.</summary>
    public bool HasCalls => _calls.Count > 0;

    /// <summary>Adds one fragment.</summary>
    public void Add(FunctionCallUpdateContent fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        if (!_calls.TryGetValue(fragment.Index, out var call))
        {
            call = new PendingCall();
            _calls.Add(fragment.Index, call);
        }

        call.CallId ??= fragment.CallId;
        call.Name ??= fragment.Name;
        call.Arguments.Append(fragment.ArgumentsFragment);
    }

    /// <summary>Returns the assembled calls in index order.</summary>
    public IReadOnlyList<FunctionCallContent> Build()
    {
        var result = new List<FunctionCallContent>(_calls.Count);
        foreach (var (index, call) in _calls)
        {
            result.Add(ToolCallArguments.CreateCall(
                call.CallId ?? $"call_{index}",
                call.Name ?? string.Empty,
                call.Arguments.ToString()));
        }

        return result;
    }

    private sealed class PendingCall
    {
        public string? CallId { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
