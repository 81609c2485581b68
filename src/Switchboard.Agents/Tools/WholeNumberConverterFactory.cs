using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Agents.Tools;

/// <summary>
/// Reads C# integer types the way JSON Schema counts integers: <c>3</c>, <c>3.0</c> and <c>3e0</c> are all 3, at any
/// depth (lists, records). The serializer's own converters refuse <c>3.0</c>, which a schema check has let through.
/// Numbers in strings are still refused.
/// </summary>
internal sealed class WholeNumberConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => ClrTypeSchema.IsInteger(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(WholeNumberConverter<>).MakeGenericType(typeToConvert))!;
}
