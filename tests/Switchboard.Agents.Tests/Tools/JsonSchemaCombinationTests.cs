using System.Text.Json;
using Switchboard.Agents.Tools;

namespace Switchboard.Agents.Tests.Tools;

/// <summary>anyOf, oneOf, allOf, not and $ref, as tool schemas generated from Pydantic or zod models use them.</summary>
public sealed class JsonSchemaCombinationTests
{
    // What Pydantic writes for a model with an optional note and an optional nested address.
    private const string PydanticSchema = """
        {
          "$defs": {
            "Address": {
              "type": "object",
              "properties": {
                "city": { "type": "string", "minLength": 2 },
                "country": { "type": "string", "default": "DE" }
              },
              "required": ["city"],
              "additionalProperties": false
            }
          },
          "type": "object",
          "properties": {
            "order_id": { "type": "string" },
            "note": { "anyOf": [ { "type": "string", "maxLength": 5 }, { "type": "null" } ], "default": null },
            "address": { "anyOf": [ { "$ref": "#/$defs/Address" }, { "type": "null" } ] },
            "stops": { "type": "array", "items": { "$ref": "#/$defs/Address" } }
          },
          "required": ["order_id"]
        }
        """;

    private static readonly JsonSerializerOptions ReadableJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    [InlineData("""{"order_id":"A-1"}""")]
    [InlineData("""{"order_id":"A-1","note":null,"address":null}""")]
    [InlineData("""{"order_id":"A-1","note":"hi","address":{"city":"Köln"},"stops":[{"city":"Bonn","country":"DE"}]}""")]
    public void Validate_OptionalAndNestedModels_AcceptValidArguments(string arguments)
    {
        var validation = Validate(PydanticSchema, arguments);

        Assert.True(validation.IsValid, validation.FormatErrors());
    }

    [Fact]
    public void Validate_OptionalValueOfTheRightType_ReportsThatOptionsOwnProblem()
    {
        var validation = Validate(PydanticSchema, """{"order_id":"A-1","note":"too long"}""");

        Assert.Equal("/note: must be at most 5 character(s) long, got 8", validation.FormatErrors());
    }

    [Fact]
    public void Validate_ReferredSchema_IsChecked()
    {
        var validation = Validate(PydanticSchema, """{"order_id":"A-1","address":{"city":"K","zip":"1"},"stops":[{"country":"FR"}]}""");

        Assert.Equal(
            [
                "/address/city: must be at least 2 character(s) long, got 1",
                "/address/zip: property is not allowed",
                "/stops/0/city: required property is missing",
            ],
            validation.Errors.Select(error => error.ToString()));
    }

    [Fact]
    public void Validate_NoOptionOfTheValuesType_SaysWhatEachOptionWants()
    {
        var validation = Validate(PydanticSchema, """{"order_id":"A-1","note":12}""");

        Assert.Equal("/note: must match at least one of the anyOf schemas (option 1: expected string, got number | option 2: expected null, got number)", validation.FormatErrors());
    }

    [Fact]
    public void Validate_DefaultsInsideAReferredOptionalModel_AreFilledIn()
    {
        var validation = Validate(PydanticSchema, """{"order_id":"A-1","address":{"city":"Köln"},"stops":[{"city":"Bonn"}]}""");

        Assert.True(validation.IsValid, validation.FormatErrors());
        Assert.Equal(
            """{"order_id":"A-1","address":{"city":"Köln","country":"DE"},"stops":[{"city":"Bonn","country":"DE"}],"note":null}""",
            JsonSerializer.Serialize(validation.Arguments, ReadableJson));
    }

    [Theory]
    [InlineData("5", true)]
    [InlineData("\"five\"", true)]
    [InlineData("5.5", false)]
    [InlineData("true", false)]
    public void Validate_OneOf_WantsExactlyOneMatch(string value, bool valid)
    {
        var validation = Validate("""{"oneOf":[{"type":"integer"},{"type":"string"}]}""", value);

        Assert.Equal(valid, validation.IsValid);
    }

    [Fact]
    public void Validate_OneOfMatchingTwice_NamesBothOptions()
    {
        var validation = Validate("""{"oneOf":[{"type":"integer"},{"type":"number","minimum":0}]}""", "3");

        Assert.Equal("must match exactly one of the oneOf schemas, but matches options 1 and 2", Assert.Single(validation.Errors).Message);
    }

    [Fact]
    public void Validate_AllOf_ChecksEverySchema()
    {
        var validation = Validate("""{"allOf":[{"type":"string","minLength":3},{"pattern":"^a"}]}""", "\"b\"");

        Assert.Equal(["must be at least 3 character(s) long, got 1", "does not match the pattern ^a"], validation.Errors.Select(e => e.Message));
    }

    [Fact]
    public void Validate_Not_RefusesAMatch()
    {
        var schema = """{"type":"string","not":{"enum":["admin","root"]}}""";

        Assert.True(Validate(schema, "\"alice\"").IsValid);
        Assert.Equal("""must not match the schema {"enum":["admin","root"]}""", Assert.Single(Validate(schema, "\"root\"").Errors).Message);
    }

    [Fact]
    public void Validate_RecursiveSchema_ChecksEveryLevel()
    {
        var schema = """
            {"$defs":{"node":{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/$defs/node"}}},"required":["name"]}},
             "$ref":"#/$defs/node"}
            """;

        var validation = Validate(schema, """{"name":"a","children":[{"name":"b","children":[{"children":[]}]}]}""");

        Assert.Equal("/children/0/children/0/name: required property is missing", validation.FormatErrors());
    }

    [Theory]
    [InlineData("""{"$ref":"#"}""", "#")]
    [InlineData("""{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}""", "#/$defs/a")]
    [InlineData("""{"type":"object","allOf":[{"$ref":"#"},{"$ref":"#"}]}""", "#")]
    [InlineData("""{"type":"object","anyOf":[{"$ref":"#"},{"$ref":"#"}]}""", "#")]
    public void Validate_ReferenceLeadingBackToTheSamePlace_IsAViolationNotAHang(string schema, string reference)
    {
        var validation = Validate(schema, "{}");

        Assert.False(validation.IsValid);
        Assert.Contains(validation.Errors, e => e.Message.Contains($"cannot be checked: the schema's $ref {reference} leads back to itself at the same place in the value", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UnionOfTwoKindsOfNodeThirtyDeep_IsCheckedOncePerLevel()
    {
        // Each level is checked against both kinds, and each kind refers back to the union: without remembering the
        // outcome at each place that is 2^30 checks.
        var schema = """
            {"$defs":{
               "node":{"anyOf":[{"$ref":"#/$defs/a"},{"$ref":"#/$defs/b"}]},
               "a":{"type":"object","properties":{"a":{"type":"integer"},"child":{"$ref":"#/$defs/node"}},"required":["a"]},
               "b":{"type":"object","properties":{"b":{"type":"string"},"child":{"$ref":"#/$defs/node"}},"required":["b"]}},
             "$ref":"#/$defs/node"}
            """;
        var leaf = """{"b":"leaf"}""";
        var value = Enumerable.Range(0, 30).Aggregate(leaf, (inner, _) => $$"""{"b":"x","child":{{inner}}}""");
        var invalid = Enumerable.Range(0, 30).Aggregate("""{"b":1}""", (inner, _) => $$"""{"b":"x","child":{{inner}}}""");

        Assert.True(Validate(schema, value).IsValid, Validate(schema, value).FormatErrors());
        var refused = Validate(schema, invalid);
        Assert.False(refused.IsValid);
        Assert.True(refused.FormatErrors().Length < 1000, refused.FormatErrors()); // each level's message is summarised
    }

    [Fact]
    public void Validate_DeeplyNestedDataWithTwoReferencesPerLevel_IsValid()
    {
        var schema = """{"$defs":{"list":{"type":"array","items":{"$ref":"#/$defs/item"}},"item":{"type":"object","properties":{"next":{"$ref":"#/$defs/list"}}}},"$ref":"#/$defs/list"}""";
        var value = Enumerable.Range(0, 30).Aggregate("[]", (inner, _) => $$"""[{"next":{{inner}}}]""");

        Assert.True(Validate(schema, value).IsValid, Validate(schema, value).FormatErrors());
    }

    [Fact]
    public void Validate_MoreChecksThanTheBudget_RefusesTheArgumentsInsteadOfRunningOn()
    {
        var options = string.Join(",", Enumerable.Repeat("""{"type":"string"}""", 300));
        var value = "[" + string.Join(",", Enumerable.Repeat("1", 400)) + "]";

        var validation = Validate("""{"type":"array","items":{"anyOf":[""" + options + "]}}", value);

        Assert.Contains(validation.Errors, e => e.Message.StartsWith($"could not be checked against the schema within {JsonSchemaValidator.MaxSteps} steps", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("#/$defs/Missing")]
    [InlineData("https://example.com/schema.json")]
    [InlineData("#no-pointer")]
    public void Validate_ReferenceToNothing_SaysSo(string reference)
    {
        var validation = Validate($$"""{"$ref":"{{reference}}"}""", "1");

        Assert.Equal($"cannot be checked: the schema's $ref {reference} names nothing in the schema", Assert.Single(validation.Errors).Message);
    }

    [Fact]
    public void Validate_ReferenceWithEscapes_Resolves()
    {
        var schema = """{"definitions":{"a/b":{"type":"string"},"c~d":{"type":"integer"},"e f":{"type":"boolean"}},"properties":{"x":{"$ref":"#/definitions/a~1b"},"y":{"$ref":"#/definitions/c~0d"},"z":{"$ref":"#/definitions/e%20f"}}}""";

        var validation = Validate(schema, """{"x":1,"y":"1","z":1}""");

        Assert.Equal(["/x: expected string, got number", "/y: expected integer, got string", "/z: expected boolean, got number"], validation.Errors.Select(e => e.ToString()));
    }

    private static ToolArgumentsValidation Validate(string schema, string arguments) =>
        JsonSchemaValidator.Validate(JsonElement.Parse(schema), JsonElement.Parse(arguments));
}
