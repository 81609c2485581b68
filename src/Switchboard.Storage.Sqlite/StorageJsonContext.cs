using System.Text.Json.Serialization;
using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Conversations;

namespace Switchboard.Storage.Sqlite;

/// <summary>Source-generated JSON for the columns stored as JSON text.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<ToolCallRecord>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(ApiKeySettings))]
internal sealed partial class StorageJsonContext : JsonSerializerContext
{
}
