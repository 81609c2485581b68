using Microsoft.Extensions.AI;

namespace Switchboard.Gateway.Routing;

/// <summary>
/// What a stream's attempt produced before the route committed to it: the updates without any of the answer (a role, a
/// usage count; null when there were none, as usual) and the first update with some of it (null when the stream ended
/// first).
/// </summary>
/// <param name="Before">The updates held before the answer began.</param>
/// <param name="Answer">The first update that carries part of the answer.</param>
internal readonly record struct HeldUpdates(List<ChatResponseUpdate>? Before, ChatResponseUpdate? Answer);
