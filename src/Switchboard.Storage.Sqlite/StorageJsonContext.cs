using System.Text.Json.Serialization;
using Switchboard.Abstractions.Conversations;

namespace Switchboard.Storage.Sqlite;

/// <summary>Source-generated JSON for the columns stored as JSON text.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<ToolCallRecord>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext
{
}
