using System.Text.Json;
using Switchboard.Agents.Tools.Http;

namespace Switchboard.Agents.Tests.Tools.Http;

public sealed class HttpToolOptionsValidatorTests
{
    private const string Section = "Switchboard:Agents:HttpTools";

    [Fact]
    public void Validate_ValidTool_ReportsNothing()
    {
        Assert.Empty(HttpToolOptionsValidator.Validate([ValidTool()], Section));
    }

    [Fact]
    public void ToDefinition_SimpleParameters_BuildsTheSchema()
    {
        var options = ValidTool();
        options.Method = "post";
        options.TimeoutSeconds = 12.5;
        options.ResponseField = " data.order ";
        options.Parameters["lang"] = new HttpToolParameterOptions { Description = "Language.", Enum = { "en", "zh" }, Default = "en" };
        options.Parameters["limit"] = new HttpToolParameterOptions { Type = "Integer", Default = "5" };

        var definition = options.ToDefinition();

        Assert.Equal("get_order", definition.Name);
        Assert.Equal(HttpMethod.Post, definition.Method);
        Assert.Equal(TimeSpan.FromSeconds(12.5), definition.Timeout);
        Assert.Equal("data.order", definition.ResponseField);
        Assert.Equal(["where is my order"], definition.Examples);
        Assert.Equal(
            """{"type":"object","properties":{"order_id":{"type":"string","description":"The order number."},"lang":{"type":"string","description":"Language.","enum":["en","zh"],"default":"en"},"limit":{"type":"integer","default":5}},"required":["order_id"],"additionalProperties":false}""",
            definition.Parameters.GetRawText());
    }

    [Fact]
    public void Validate_PathPlaceholderOfAnOptionalParameterWithoutDefault_IsRefused()
    {
        var optional = ValidTool();
        optional.Parameters["order_id"].Required = false;
        Assert.Equal(
            ["Switchboard:Agents:HttpTools:0:Url: the path placeholder {order_id} needs its parameter to be required or to have a default."],
            HttpToolOptionsValidator.Validate([optional], Section));

        var defaulted = ValidTool();
        defaulted.Parameters["order_id"] = new HttpToolParameterOptions { Default = "latest" };
        var inQuery = ValidTool();
        inQuery.Url = "https://api.example.com/orders/{order_id}?lang={lang}";
        inQuery.Parameters["lang"] = new HttpToolParameterOptions();
        var json = ValidTool();
        json.Parameters.Clear();
        json.ParametersJson = """{"type":"object","properties":{"order_id":{"type":"string","default":"latest"}}}""";
        Assert.All(new[] { defaulted, inQuery, json }, tool => Assert.Empty(HttpToolOptionsValidator.Validate([tool], Section)));

        json.ParametersJson = """{"type":"object","properties":{"order_id":{"type":"string"}}}""";
        Assert.Single(HttpToolOptionsValidator.Validate([json], Section));
    }

    [Fact]
    public void ToDefinition_Idempotent_CopiesTheFlagAndTheCacheTimeToLive()
    {
        var options = ValidTool();
        options.Idempotent = true;
        options.CacheTtlSeconds = 45;

        var definition = options.ToDefinition();
        using var http = new HttpClient();
        var tool = new HttpTool(definition, http);

        Assert.Equal((true, TimeSpan.FromSeconds(45)), (definition.Idempotent, definition.CacheTtl));
        Assert.Equal((true, TimeSpan.FromSeconds(45)), (tool.Idempotent, tool.CacheTtl));
        Assert.Equal((false, (TimeSpan?)null), (ValidTool().ToDefinition().Idempotent, ValidTool().ToDefinition().CacheTtl));
    }

    [Theory]
    [InlineData(false, 60, "Switchboard:Agents:HttpTools:0:CacheTtlSeconds: applies only to idempotent tools; set Idempotent to true or remove it.")]
    [InlineData(true, 0, "Switchboard:Agents:HttpTools:0:CacheTtlSeconds: must be more than 0 and at most 86400 seconds (got 0).")]
    [InlineData(true, 86401, "Switchboard:Agents:HttpTools:0:CacheTtlSeconds: must be more than 0 and at most 86400 seconds (got 86401).")]
    public void Validate_BadCacheTtlSeconds_NamesTheField(bool idempotent, double seconds, string expected)
    {
        var options = ValidTool();
        options.Idempotent = idempotent;
        options.CacheTtlSeconds = seconds;

        Assert.Equal([expected], HttpToolOptionsValidator.Validate([options], Section));
    }

    [Fact]
    public void ToDefinition_ParametersJson_UsesTheSchemaAsWritten()
    {
        var options = ValidTool();
        options.Parameters.Clear();
        options.ParametersJson = """{"type":"object","properties":{"order_id":{"type":"string","pattern":"^ORD-\\d+$"}},"required":["order_id"]}""";

        var definition = options.ToDefinition();

        Assert.Equal(JsonElement.Parse(options.ParametersJson).GetRawText(), definition.Parameters.GetRawText());
        Assert.Equal(HttpMethod.Get, definition.Method);
    }

    [Fact]
    public void ToDefinition_InvalidOptions_ThrowsListingTheProblems()
    {
        var options = ValidTool();
        options.Url = "ftp://example.com/{order_id}";

        var error = Assert.Throws<ArgumentException>(options.ToDefinition);

        Assert.Contains("get_order:Url: must be an absolute http or https URL", error.Message);
    }

    [Theory]
    [InlineData("Name", "Get-Order", "Switchboard:Agents:HttpTools:0:Name: must be snake_case")]
    [InlineData("Name", "", "Switchboard:Agents:HttpTools:0:Name: is required.")]
    [InlineData("Name", "transfer_to_billing", "Switchboard:Agents:HttpTools:0:Name: names starting with 'transfer_to_' are reserved")]
    [InlineData("Description", " ", "Switchboard:Agents:HttpTools:0:Description: is required")]
    [InlineData("Method", "FETCH", "Switchboard:Agents:HttpTools:0:Method: must be GET, POST, PUT, PATCH or DELETE (got 'FETCH').")]
    [InlineData("Url", "ftp://api.example.com/orders/{order_id}", "Switchboard:Agents:HttpTools:0:Url: must be an absolute http or https URL")]
    [InlineData("Url", "/orders/{order_id}", "Switchboard:Agents:HttpTools:0:Url: must be an absolute http or https URL")]
    [InlineData("Url", "https://api.example.com/orders/{order_id}/{line}", "Switchboard:Agents:HttpTools:0:Url: the placeholder {line} is not a declared parameter.")]
    [InlineData("Url", "https://{order_id}.example.com/orders", "Switchboard:Agents:HttpTools:0:Url: placeholders are allowed in the path and the query only, not in the host.")]
    [InlineData("Url", "https://api.example.com/orders/{order_id}#top", "Switchboard:Agents:HttpTools:0:Url: must not have a fragment")]
    [InlineData("ResponseField", "data..items", "Switchboard:Agents:HttpTools:0:ResponseField: must be a dotted path such as data.items (got 'data..items').")]
    [InlineData("TimeoutSeconds", "0", "Switchboard:Agents:HttpTools:0:TimeoutSeconds: must be more than 0 and at most 300 seconds (got 0).")]
    [InlineData("TimeoutSeconds", "301", "Switchboard:Agents:HttpTools:0:TimeoutSeconds: must be more than 0 and at most 300 seconds (got 301).")]
    public void Validate_BadField_NamesTheField(string field, string value, string expected)
    {
        var options = ValidTool();
        switch (field)
        {
            case "Name": options.Name = value; break;
            case "Description": options.Description = value; break;
            case "Method": options.Method = value; break;
            case "Url": options.Url = value; break;
            case "ResponseField": options.ResponseField = value; break;
            case "TimeoutSeconds": options.TimeoutSeconds = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
        }

        var errors = HttpToolOptionsValidator.Validate([options], Section);

        var error = Assert.Single(errors);
        Assert.StartsWith(expected, error);
    }

    [Theory]
    [InlineData("{", "Switchboard:Agents:HttpTools:0:ParametersJson: is not valid JSON")]
    [InlineData("[1]", "Switchboard:Agents:HttpTools:0:ParametersJson: must be a JSON schema object")]
    [InlineData("""{"type":"string"}""", "Switchboard:Agents:HttpTools:0:ParametersJson: must have \"type\": \"object\".")]
    [InlineData("""{"type":"object","properties":[]}""", "Switchboard:Agents:HttpTools:0:ParametersJson: \"properties\" must be an object.")]
    [InlineData("""{"type":"object","properties":{"order_id":{}},"required":["id"]}""", "Switchboard:Agents:HttpTools:0:ParametersJson: \"required\" names 'id', which is not in \"properties\".")]
    [InlineData("""{"type":"object","properties":{"address":{"anyOf":[{"$ref":"#/$defs/Adress"},{"type":"null"}]}},"$defs":{"Address":{"type":"object"}}}""", "Switchboard:Agents:HttpTools:0:ParametersJson: \"$ref\": \"#/$defs/Adress\" at '/properties/address/anyOf/0/$ref' names nothing in the schema")]
    [InlineData("""{"type":"object","properties":{"address":{"$ref":"https://example.com/address.json"}}}""", "Switchboard:Agents:HttpTools:0:ParametersJson: \"$ref\": \"https://example.com/address.json\" at '/properties/address/$ref' names nothing in the schema (only references within it")]
    [InlineData("""{"type":"object","properties":{"default":{"$ref":"#/$defs/Missing"}}}""", "Switchboard:Agents:HttpTools:0:ParametersJson: \"$ref\": \"#/$defs/Missing\" at '/properties/default/$ref' names nothing in the schema")]
    public void Validate_BadParametersJson_NamesTheField(string json, string expected)
    {
        var options = ValidTool();
        options.Parameters.Clear();
        options.ParametersJson = json;

        var errors = HttpToolOptionsValidator.Validate([options], Section);

        Assert.StartsWith(expected, Assert.Single(errors));
    }

    [Fact]
    public void Validate_ParametersJsonWithReferencesWithinIt_IsAccepted()
    {
        var options = ValidTool();
        options.Parameters.Clear();
        options.ParametersJson = """{"type":"object","required":["order_id"],"properties":{"order_id":{"type":"string"},"default":{"$ref":"#/$defs/Address"},"address":{"anyOf":[{"$ref":"#/$defs/Address"},{"type":"null"}],"examples":[{"$ref":"users/1"}]}},"$defs":{"Address":{"type":"object","properties":{"next":{"$ref":"#/$defs/Address"}}}}}""";

        Assert.Empty(HttpToolOptionsValidator.Validate([options], Section));
    }

    [Fact]
    public void Validate_BothParameterForms_AsksForOne()
    {
        var options = ValidTool();
        options.ParametersJson = """{"type":"object","properties":{"order_id":{"type":"string"}}}""";

        Assert.Equal(["Switchboard:Agents:HttpTools:0:ParametersJson: set ParametersJson or Parameters, not both."], HttpToolOptionsValidator.Validate([options], Section));
    }

    [Fact]
    public void Validate_BadSimpleParameters_NameEachField()
    {
        var options = ValidTool();
        options.Parameters["when"] = new HttpToolParameterOptions { Type = "date" };
        options.Parameters["count"] = new HttpToolParameterOptions { Type = "integer", Enum = { "1", "two" }, Default = "3" };
        options.Parameters["bad-name"] = new HttpToolParameterOptions();

        var errors = HttpToolOptionsValidator.Validate([options], Section);

        Assert.Equal(
            [
                "Switchboard:Agents:HttpTools:0:Parameters:when:Type: must be string, integer, number or boolean (got 'date').",
                "Switchboard:Agents:HttpTools:0:Parameters:count:Enum:1: 'two' is not a valid integer.",
                "Switchboard:Agents:HttpTools:0:Parameters:count:Default: '3' is not one of the Enum values.",
                "Switchboard:Agents:HttpTools:0:Parameters:bad-name: a parameter name must be letters, digits or '_', starting with a letter or '_', at most 64 characters.",
            ],
            errors);
    }

    [Theory]
    [InlineData("Authorization", "Bearer ${ORDERS_KEY}", "Switchboard:Agents:HttpTools:0:Headers:Authorization: write an environment variable as ${env:NAME}")]
    [InlineData("X-Key", "a\r\nHost: evil", "Switchboard:Agents:HttpTools:0:Headers:X-Key: the value must not contain line breaks.")]
    [InlineData("Bad Header", "x", "Switchboard:Agents:HttpTools:0:Headers:Bad Header: is not a valid header name.")]
    [InlineData("X-User", "${call:user}", "Switchboard:Agents:HttpTools:0:Headers:X-User: '${call:user}' is not a call value; the one there is is ${call:tenant}.")]
    public void Validate_BadHeader_NamesTheHeader(string name, string value, string expected)
    {
        var options = ValidTool();
        options.Headers[name] = value;

        Assert.StartsWith(expected, Assert.Single(HttpToolOptionsValidator.Validate([options], Section)));
    }

    [Fact]
    public void Validate_EnvironmentReferenceInHeader_IsAccepted()
    {
        var options = ValidTool();
        options.Headers["Authorization"] = "Bearer ${env:ORDERS_KEY}";
        options.Headers["X-Tenant"] = "${call:tenant}";

        Assert.Empty(HttpToolOptionsValidator.Validate([options], Section));
    }

    [Fact]
    public void Validate_SeveralToolsAndProblems_ReportsEveryOneWithItsIndex()
    {
        var second = ValidTool();
        second.Method = "TRACE";
        second.TimeoutSeconds = -1;
        var third = ValidTool();

        var errors = HttpToolOptionsValidator.Validate([ValidTool(), second, third, null], Section);

        Assert.Equal(
            [
                "Switchboard:Agents:HttpTools:1:Method: must be GET, POST, PUT, PATCH or DELETE (got 'TRACE').",
                "Switchboard:Agents:HttpTools:1:TimeoutSeconds: must be more than 0 and at most 300 seconds (got -1).",
                "Switchboard:Agents:HttpTools:1:Name: 'get_order' is also the name of Switchboard:Agents:HttpTools:0.",
                "Switchboard:Agents:HttpTools:2:Name: 'get_order' is also the name of Switchboard:Agents:HttpTools:0.",
                "Switchboard:Agents:HttpTools:3: is empty.",
            ],
            errors);
    }

    private static HttpToolOptions ValidTool()
    {
        var options = new HttpToolOptions
        {
            Name = "get_order",
            Description = "Looks an order up.",
            Url = "https://api.example.com/orders/{order_id}",
            Examples = { "where is my order", " " },
        };
        options.Parameters["order_id"] = new HttpToolParameterOptions { Description = "The order number.", Required = true };
        return options;
    }
}
