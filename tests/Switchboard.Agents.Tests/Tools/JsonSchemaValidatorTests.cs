using System.Text.Json;
using Switchboard.Agents.Tools;

namespace Switchboard.Agents.Tests.Tools;

public sealed class JsonSchemaValidatorTests
{
    private const string OrderSchema = """
        {
          "type": "object",
          "properties": {
            "order_id": { "type": "string", "pattern": "^[A-Z]-\\d+$" },
            "quantity": { "type": "integer", "minimum": 1, "maximum": 10, "default": 1 },
            "speed": { "type": "string", "enum": ["standard", "next_day"], "default": "standard" },
            "note": { "type": ["string", "null"], "maxLength": 5 },
            "address": {
              "type": "object",
              "properties": {
                "city": { "type": "string", "minLength": 2 },
                "country": { "type": "string", "default": "DE" }
              },
              "required": ["city"],
              "additionalProperties": false
            },
            "lines": {
              "type": "array",
              "minItems": 1,
              "maxItems": 3,
              "items": {
                "type": "object",
                "properties": { "sku": { "type": "string" }, "gift": { "type": "boolean", "default": false } },
                "required": ["sku"]
              }
            }
          },
          "required": ["order_id"],
          "additionalProperties": false
        }
        """;

    private static readonly JsonSerializerOptions ReadableJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void Validate_AcceptsValidArgumentsAndFillsTopLevelDefaults()
    {
        var validation = Validate(OrderSchema, """{"order_id":"A-17"}""");

        Assert.True(validation.IsValid);
        Assert.Empty(validation.Errors);
        Assert.Equal("""{"order_id":"A-17","quantity":1,"speed":"standard"}""", validation.Arguments.GetRawText());
    }

    [Fact]
    public void Validate_FillsDefaultsInNestedObjectsAndArrayItems()
    {
        var validation = Validate(OrderSchema, """{"order_id":"A-1","quantity":2,"speed":"next_day","address":{"city":"Köln"},"lines":[{"sku":"x"},{"sku":"y","gift":true}]}""");

        Assert.True(validation.IsValid, validation.FormatErrors());
        Assert.Equal(
            """{"order_id":"A-1","quantity":2,"speed":"next_day","address":{"city":"Köln","country":"DE"},"lines":[{"sku":"x","gift":false},{"sku":"y","gift":true}]}""",
            JsonSerializer.Serialize(validation.Arguments, ReadableJson));
    }

    [Fact]
    public void Validate_LeavesArgumentsUntouchedWhenNothingIsMissing()
    {
        var validation = Validate(OrderSchema, """{ "order_id" : "A-1", "quantity" : 3, "speed" : "standard" }""");

        Assert.True(validation.IsValid);
        Assert.Equal("""{ "order_id" : "A-1", "quantity" : 3, "speed" : "standard" }""", validation.Arguments.GetRawText());
    }

    [Fact]
    public void Validate_ReportsEveryErrorWithItsPath()
    {
        var validation = Validate(
            OrderSchema,
            """{"quantity":0,"speed":"warp","note":"too long","colour":"red","address":{"city":"K","zip":"5"},"lines":[{"gift":"yes"}]}""");

        Assert.False(validation.IsValid);
        Assert.Equal(
            [
                "/order_id: required property is missing",
                "/quantity: must be >= 1, got 0",
                "/speed: must be one of \"standard\", \"next_day\"",
                "/note: must be at most 5 character(s) long, got 8",
                "/colour: property is not allowed",
                "/address/city: must be at least 2 character(s) long, got 1",
                "/address/zip: property is not allowed",
                "/lines/0/sku: required property is missing",
                "/lines/0/gift: expected boolean, got string",
            ],
            validation.Errors.Select(error => error.ToString()));
        Assert.Equal("""{"quantity":0,"speed":"warp","note":"too long","colour":"red","address":{"city":"K","zip":"5"},"lines":[{"gift":"yes"}]}""", validation.Arguments.GetRawText());
    }

    [Theory]
    [InlineData("""{"type":"string"}""", "12", "expected string, got number")]
    [InlineData("""{"type":"string"}""", "null", "expected string, got null")]
    [InlineData("""{"type":"integer"}""", "1.5", "expected integer, got number")]
    [InlineData("""{"type":"integer"}""", "1e-30", "expected integer, got number")]
    [InlineData("""{"type":"number"}""", "\"1\"", "expected number, got string")]
    [InlineData("""{"type":"boolean"}""", "0", "expected boolean, got number")]
    [InlineData("""{"type":"object"}""", "[]", "expected object, got array")]
    [InlineData("""{"type":"array"}""", "{}", "expected array, got object")]
    [InlineData("""{"type":"null"}""", "false", "expected null, got boolean")]
    [InlineData("""{"type":["string","null"]}""", "3", "expected string or null, got number")]
    public void Validate_ReportsATypeMismatch(string schema, string value, string expected)
    {
        var validation = Validate(schema, value);

        Assert.Equal(expected, Assert.Single(validation.Errors).Message);
        Assert.Equal(string.Empty, validation.Errors[0].Path);
    }

    [Theory]
    [InlineData("""{"type":"integer"}""", "3")]
    [InlineData("""{"type":"integer"}""", "3.0")]
    [InlineData("""{"type":"integer"}""", "1e30")]
    [InlineData("""{"type":"number"}""", "3")]
    [InlineData("""{"type":["string","null"]}""", "null")]
    [InlineData("""{"type":["string","null"]}""", "\"x\"")]
    [InlineData("""{"type":"boolean"}""", "true")]
    [InlineData("""{}""", "[1,{\"a\":null}]")]
    [InlineData("""true""", "42")]
    public void Validate_AcceptsAMatchingType(string schema, string value)
    {
        Assert.True(Validate(schema, value).IsValid);
    }

    [Fact]
    public void Validate_ReportsArgumentsThatAreNotAnObject()
    {
        var validation = Validate(OrderSchema, """["A-1"]""");

        var error = Assert.Single(validation.Errors);
        Assert.Equal("/: expected object, got array", error.ToString());
    }

    [Theory]
    [InlineData("""{"minimum":5}""", "4", "must be >= 5, got 4")]
    [InlineData("""{"maximum":5}""", "5.5", "must be <= 5, got 5.5")]
    [InlineData("""{"exclusiveMinimum":0}""", "0", "must be > 0, got 0")]
    [InlineData("""{"exclusiveMaximum":0.3}""", "0.3", "must be < 0.3, got 0.3")]
    [InlineData("""{"minLength":3}""", "\"ab\"", "must be at least 3 character(s) long, got 2")]
    [InlineData("""{"maxLength":2}""", "\"abc\"", "must be at most 2 character(s) long, got 3")]
    [InlineData("""{"pattern":"^\\d{4}$"}""", "\"12a4\"", "does not match the pattern ^\\d{4}$")]
    [InlineData("""{"enum":[1,"two",null]}""", "2", "must be one of 1, \"two\", null")]
    [InlineData("""{"const":"yes"}""", "\"no\"", "must be \"yes\"")]
    [InlineData("""{"minItems":2}""", "[1]", "must have at least 2 item(s), got 1")]
    [InlineData("""{"maxItems":1}""", "[1,2]", "must have at most 1 item(s), got 2")]
    [InlineData("""{"format":"date"}""", "\"2024-02-30\"", "is not a valid date (expected YYYY-MM-DD, e.g. 2024-05-01)")]
    [InlineData("""{"format":"date"}""", "\"01.05.2024\"", "is not a valid date (expected YYYY-MM-DD, e.g. 2024-05-01)")]
    [InlineData("""{"format":"date-time"}""", "\"2024-05-01T14:30:00\"", "is not a valid date-time (expected RFC 3339 with an offset, e.g. 2024-05-01T14:30:00Z)")]
    [InlineData("""{"format":"date-time"}""", "\"2024-05-01T25:30:00Z\"", "is not a valid date-time (expected RFC 3339 with an offset, e.g. 2024-05-01T14:30:00Z)")]
    [InlineData("""{"format":"email"}""", "\"ana at example.com\"", "is not a valid email address")]
    [InlineData("""{"format":"email"}""", "\"ana@localhost\"", "is not a valid email address")]
    [InlineData("""{"format":"email"}""", "\"ana@example.com\\n\"", "is not a valid email address")]
    [InlineData("""{"format":"date-time"}""", "\"2024-05-01T14:30:00Z\\n\"", "is not a valid date-time (expected RFC 3339 with an offset, e.g. 2024-05-01T14:30:00Z)")]
    [InlineData("""{"format":"uuid"}""", "\"not-a-uuid\"", "is not a valid UUID")]
    public void Validate_ReportsAViolatedKeyword(string schema, string value, string expected)
    {
        Assert.Equal(expected, Assert.Single(Validate(schema, value).Errors).Message);
    }

    [Theory]
    [InlineData("""{"minimum":5}""", "5")]
    [InlineData("""{"exclusiveMaximum":0.3}""", "0.29999")]
    [InlineData("""{"maximum":10}""", "1e1")]
    [InlineData("""{"enum":[1,"two"]}""", "1.0")]
    [InlineData("""{"const":{"a":[1,2]}}""", "{\"a\":[1,2]}")]
    [InlineData("""{"format":"date"}""", "\"2024-02-29\"")]
    [InlineData("""{"format":"date-time"}""", "\"2024-05-01T14:30:00.125+02:00\"")]
    [InlineData("""{"format":"email"}""", "\"ana.lima@example.co.uk\"")]
    [InlineData("""{"format":"hostname"}""", "\"anything goes\"")]
    [InlineData("""{"pattern":"b"}""", "\"abc\"")]
    [InlineData("""{"minimum":5}""", "\"keywords for numbers ignore strings\"")]
    public void Validate_AcceptsAValueWithinTheKeyword(string schema, string value)
    {
        var validation = Validate(schema, value);

        Assert.True(validation.IsValid, validation.FormatErrors());
    }

    [Fact]
    public void Validate_CountsLengthInCodePoints()
    {
        const string Schema = """{"type":"string","minLength":2,"maxLength":2}""";

        Assert.True(Validate(Schema, "\"😀😀\"").IsValid);
        Assert.True(Validate(Schema, "\"中文\"").IsValid);
        Assert.False(Validate(Schema, "\"😀\"").IsValid);
    }

    [Fact]
    public void Validate_ChecksAdditionalPropertiesAgainstASchema()
    {
        var validation = Validate("""{"type":"object","properties":{"a":{}},"additionalProperties":{"type":"integer"}}""", """{"a":"x","b":1,"c":"2"}""");

        Assert.Equal("/c: expected integer, got string", Assert.Single(validation.Errors).ToString());
    }

    [Fact]
    public void Validate_EscapesPropertyNamesInPaths()
    {
        var validation = Validate("""{"properties":{"a/b":{"properties":{"c~d":{"type":"string"}}}}}""", """{"a/b":{"c~d":1}}""");

        Assert.Equal("/a~1b/c~0d", Assert.Single(validation.Errors).Path);
    }

    [Fact]
    public void Validate_ReportsAPatternThatIsNotARegularExpression()
    {
        var validation = Validate("""{"pattern":"(unclosed"}""", "\"x\"");

        Assert.Contains("not a valid regular expression", Assert.Single(validation.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RejectsEverythingAgainstAFalseSchema()
    {
        var validation = Validate("""{"properties":{"locked":false}}""", """{"locked":1}""");

        Assert.Equal("/locked: no value is allowed here", Assert.Single(validation.Errors).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n ")]
    public void TryParseArguments_ReadsEmptyTextAsAnEmptyObject(string? text)
    {
        Assert.True(JsonSchemaValidator.TryParseArguments(text, out var arguments, out var error));

        Assert.Null(error);
        Assert.Equal(JsonValueKind.Object, arguments.ValueKind);
        Assert.Empty(arguments.EnumerateObject());
    }

    [Fact]
    public void TryParseArguments_ToleratesATrailingComma()
    {
        Assert.True(JsonSchemaValidator.TryParseArguments("""{"a":1,}""", out var arguments, out _));

        Assert.Equal(1, arguments.GetProperty("a").GetInt32());
    }

    [Fact]
    public void TryParseArguments_RefusesAKeyGivenTwice()
    {
        // Each copy would pass the schema alone, and an HTTP tool would send both ("?scope=public&scope=admin").
        Assert.False(JsonSchemaValidator.TryParseArguments("""{"scope":"public","scope":"admin"}""", out _, out var error));

        Assert.StartsWith("the arguments are not valid JSON: ", error, StringComparison.Ordinal);
        Assert.Contains("scope", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"order_id": "A-1" """)]
    [InlineData("order_id=A-1")]
    [InlineData("""{"a":1} {"b":2}""")]
    public void TryParseArguments_ExplainsTextThatIsNotJson(string text)
    {
        Assert.False(JsonSchemaValidator.TryParseArguments(text, out var arguments, out var error));

        Assert.StartsWith("the arguments are not valid JSON: ", error, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Undefined, arguments.ValueKind);
    }

    [Fact]
    public void ParseAndValidate_ReportsInvalidJsonAsOneRootError()
    {
        var validation = JsonSchemaValidator.ParseAndValidate(JsonElement.Parse(OrderSchema), "{order_id: A-1}");

        var error = Assert.Single(validation.Errors);
        Assert.Equal(string.Empty, error.Path);
        Assert.StartsWith("/: the arguments are not valid JSON: ", validation.FormatErrors(), StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAndValidate_ChecksEmptyTextAsAnEmptyObject()
    {
        var validation = JsonSchemaValidator.ParseAndValidate(JsonElement.Parse(OrderSchema), "   ");

        Assert.Equal("/order_id: required property is missing", validation.FormatErrors());
    }

    private static ToolArgumentsValidation Validate(string schema, string arguments) =>
        JsonSchemaValidator.Validate(JsonElement.Parse(schema), JsonElement.Parse(arguments));

    [Theory]
    [InlineData("""{"location":"\ud800"}""", "'/location'")]
    [InlineData("""{"stops":["ok","\udc00x"]}""", "'/stops/1'")]
    public void ParseAndValidate_LoneSurrogateEscape_IsInvalidArgumentsNotAnException(string arguments, string where)
    {
        var schema = JsonElement.Parse("""{"type":"object"}""");

        var validation = JsonSchemaValidator.ParseAndValidate(schema, arguments);

        Assert.False(validation.IsValid);
        Assert.Contains(where, validation.FormatErrors(), StringComparison.Ordinal);
    }
}
