namespace Switchboard.Server.OpenAI;

/// <summary>The body of <c>GET /v1/models</c>.</summary>
/// <param name="Object">Always <c>list</c>.</param>
/// <param name="Data">The models.</param>
internal sealed record ModelList(string Object, IReadOnlyList<ModelEntry> Data);
