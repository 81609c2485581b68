using System.Text.Json;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>One Server-Sent Event as a client sees it.</summary>
public sealed record SseEvent(string? Name, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}
