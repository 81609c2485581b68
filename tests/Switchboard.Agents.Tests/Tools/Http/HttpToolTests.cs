using System.Net;
using System.Text;
using System.Text.Json;
using Switchboard.Abstractions.Governance;
using Switchboard.Agents.Tools;
using Switchboard.Agents.Tools.Http;

namespace Switchboard.Agents.Tests.Tools.Http;

public sealed class HttpToolTests : IDisposable
{
    private readonly FakeHttpHandler _handler = new();
    private readonly HttpClient _client;

    public HttpToolTests()
    {
        _client = _handler.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _handler.Dispose();
    }

    [Fact]
    public async Task InvokeAsync_UrlTemplate_EscapesEveryArgumentValue()
    {
        var tool = Tool(Definition("https://api.example.com/orders/{order_id}?lang={lang}&v=2", """{"order_id":{"type":"string"},"lang":{"type":"string"}}"""));

        await tool.InvokeAsync(Call("""{"order_id":"A/B 1?x#y","lang":"zh-CN&admin=1"}"""), CancellationToken.None);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://api.example.com/orders/A%2FB%201%3Fx%23y?lang=zh-CN%26admin%3D1&v=2", request.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public async Task InvokeAsync_QueryPlaceholderWithoutArgument_LeavesThePairOut()
    {
        var tool = Tool(Definition("https://api.example.com/orders/{order_id}?lang={lang}", """{"order_id":{"type":"integer"},"lang":{"type":"string"}}"""));

        await tool.InvokeAsync(Call("""{"order_id":42}"""), CancellationToken.None);

        Assert.Equal("https://api.example.com/orders/42", _handler.Requests[0].RequestUri!.AbsoluteUri);
    }

    [Fact]
    public async Task InvokeAsync_WholeNumbersWrittenWithAFraction_GoOutPlainly()
    {
        var get = Tool(Definition("https://api.example.com/orders/{order_id}", """{"order_id":{"type":"integer"},"page":{"type":["integer","null"]},"ratio":{"type":"number"}}"""));
        await get.InvokeAsync(Call("""{"order_id":42.0,"page":2e0,"ratio":1.0}"""), CancellationToken.None);
        Assert.Equal("https://api.example.com/orders/42?page=2&ratio=1.0", _handler.Requests[0].RequestUri!.AbsoluteUri);

        var post = Tool(Definition("https://api.example.com/refunds", """{"lines":{"type":"array","items":{"type":"object","properties":{"qty":{"type":"integer"}}}}}""") with { Method = HttpMethod.Post });
        await post.InvokeAsync(Call("""{"lines":[{"qty":-3.00},{"qty":1}]}"""), CancellationToken.None);
        Assert.Equal("""{"lines":[{"qty":-3},{"qty":1}]}""", _handler.Bodies[1]);

        // Inside an object that allows more properties, the declared ones are still read by their schema.
        var open = Tool(Definition("https://api.example.com/notes", """{"meta":{"type":"object","properties":{"count":{"type":"integer"}},"additionalProperties":true}}""") with { Method = HttpMethod.Post });
        await open.InvokeAsync(Call("""{"meta":{"count":5.0,"tag":"x","ratio":2.0}}"""), CancellationToken.None);
        Assert.Equal("""{"meta":{"count":5,"tag":"x","ratio":2.0}}""", _handler.Bodies[2]);
    }

    [Fact]
    public async Task InvokeAsync_NestedModelsByReference_SendTheirDeclaredFieldsOnly()
    {
        // As Pydantic writes an optional nested model, and a model that extends another.
        var tool = Tool(new HttpToolDefinition
        {
            Name = "ship",
            Description = "Ships an order.",
            Url = "https://api.example.com/shipments",
            Method = HttpMethod.Post,
            Parameters = JsonElement.Parse("""
                {
                  "$defs": {
                    "Address": { "type": "object", "properties": { "city": { "type": "string" }, "floor": { "type": "integer" } } },
                    "Base": { "type": "object", "properties": { "order_id": { "type": "string" } } }
                  },
                  "allOf": [ { "$ref": "#/$defs/Base" } ],
                  "type": "object",
                  "properties": {
                    "address": { "anyOf": [ { "$ref": "#/$defs/Address" }, { "type": "null" } ] },
                    "stops": { "type": "array", "items": { "$ref": "#/$defs/Address" } },
                    "labels": { "type": "object", "additionalProperties": { "type": "object", "properties": { "copies": { "type": "integer" } } } }
                  }
                }
                """),
        });

        await tool.InvokeAsync(
            Call("""{"order_id":"A-1","approved":true,"address":{"city":"Koeln","floor":2.0,"admin":1},"stops":[{"city":"Bonn","x":1}],"labels":{"box":{"copies":2.0,"secret":1}}}"""),
            CancellationToken.None);
        await tool.InvokeAsync(Call("""{"order_id":"A-2","address":null}"""), CancellationToken.None);

        Assert.Equal(
            """{"order_id":"A-1","address":{"city":"Koeln","floor":2},"stops":[{"city":"Bonn"}],"labels":{"box":{"copies":2}}}""",
            _handler.Bodies[0]);
        Assert.Equal("""{"order_id":"A-2","address":null}""", _handler.Bodies[1]);
    }

    [Fact]
    public async Task InvokeAsync_UnionsNestedAllOfAndFreeFormMaps_SendWhatTheirSchemasDeclare()
    {
        var tool = Tool(new HttpToolDefinition
        {
            Name = "adopt",
            Description = "Adopts a pet.",
            Url = "https://api.example.com/adoptions",
            Method = HttpMethod.Post,
            Parameters = JsonElement.Parse("""
                {
                  "$defs": {
                    "Cat": { "type": "object", "properties": { "kind": { "const": "cat" }, "lives": { "type": "integer" } }, "required": ["kind"] },
                    "Dog": { "type": "object", "properties": { "kind": { "const": "dog" }, "breed": { "type": "string" } }, "required": ["kind"] },
                    "Named": { "allOf": [ { "$ref": "#/$defs/Base" } ], "properties": { "name": { "type": "string" } } },
                    "Base": { "type": "object", "properties": { "id": { "type": "string" } } }
                  },
                  "type": "object",
                  "properties": {
                    "pet": { "anyOf": [ { "$ref": "#/$defs/Cat" }, { "$ref": "#/$defs/Dog" }, { "type": "null" } ] },
                    "owner": { "$ref": "#/$defs/Named", "properties": { "phone": { "type": "string" } } },
                    "filter": { "type": "object", "additionalProperties": {} }
                  }
                }
                """),
        });

        await tool.InvokeAsync(
            Call("""{"pet":{"kind":"dog","breed":"collie","admin":true},"owner":{"id":"u1","name":"Ann","phone":"1","role":"root"},"filter":{"status":{"in":["open"]}}}"""),
            CancellationToken.None);

        Assert.Equal(
            """{"pet":{"kind":"dog","breed":"collie"},"owner":{"id":"u1","name":"Ann","phone":"1"},"filter":{"status":{"in":["open"]}}}""",
            _handler.Bodies[0]);
    }

    [Fact]
    public async Task InvokeAsync_PathPlaceholderWithoutArgument_ThrowsToolException()
    {
        var tool = Tool(Definition("https://api.example.com/orders/{order_id}", """{"order_id":{"type":"string"}}"""));

        var error = await Assert.ThrowsAsync<ToolException>(async () => await tool.InvokeAsync(Call("{}"), CancellationToken.None));

        Assert.Equal("'order_id' is required to build the URL.", error.Message);
        Assert.Empty(_handler.Requests);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]

    // Escaped as ..%2F..%2Fadmin, but a server that decodes %2F (or %5C) before resolving dot segments would climb.
    [InlineData("../../admin/users")]
    [InlineData(@"..\admin")]
    [InlineData("a/./b")]
    public async Task InvokeAsync_PathValueThatWouldDropOrClimbASegment_ThrowsToolException(string value)
    {
        var tool = Tool(Definition("https://api.example.com/v2/orders/{order_id}/eta", """{"order_id":{"type":"string"}}"""));

        var error = await Assert.ThrowsAsync<ToolException>(async () => await tool.InvokeAsync(Call(JsonSerializer.Serialize(new { order_id = value })), CancellationToken.None));

        Assert.StartsWith($"'order_id' cannot be '{value}' in the URL's path", error.Message, StringComparison.Ordinal);
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task InvokeAsync_PathValueWithDotsInsideAName_IsSent()
    {
        var tool = Tool(Definition("https://api.example.com/files/{name}", """{"name":{"type":"string"}}"""));

        await tool.InvokeAsync(Call("""{"name":"report..v2.pdf"}"""), CancellationToken.None);

        Assert.Equal("https://api.example.com/files/report..v2.pdf", _handler.Requests[0].RequestUri!.AbsoluteUri);
    }

    [Fact]
    public async Task InvokeAsync_ArgumentsTheSchemaDoesNotDeclare_AreNotSent()
    {
        var get = Tool(Definition("https://api.example.com/search?scope=public&q={q}", """{"q":{"type":"string"}}"""));
        var post = Tool(Definition("https://api.example.com/refunds", """{"order_id":{"type":"string"}}""") with { Method = HttpMethod.Post });
        var open = Tool(Definition("https://api.example.com/search", """{"q":{"type":"string"}}""") with
        {
            Parameters = JsonElement.Parse("""{"type":"object","properties":{"q":{"type":"string"}},"additionalProperties":true}"""),
        });

        await get.InvokeAsync(Call("""{"q":"x","scope":"admin"}"""), CancellationToken.None);
        await post.InvokeAsync(Call("""{"order_id":"42","amount":99999,"approved":true}"""), CancellationToken.None);
        await open.InvokeAsync(Call("""{"q":"x","page":2}"""), CancellationToken.None);

        Assert.Equal("https://api.example.com/search?scope=public&q=x", _handler.Requests[0].RequestUri!.AbsoluteUri);
        Assert.Equal("""{"order_id":"42"}""", _handler.Bodies[1]);
        Assert.Equal("https://api.example.com/search?q=x&page=2", _handler.Requests[2].RequestUri!.AbsoluteUri); // the schema allows more
    }

    [Fact]
    public async Task InvokeAsync_NestedFieldsTheSchemaDoesNotDeclare_AreNotSent()
    {
        var post = Tool(Definition("https://api.example.com/refunds", """{"refund":{"type":"object","properties":{"order_id":{"type":"string"}}},"lines":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"}}}}}""") with { Method = HttpMethod.Post });
        var none = Tool(Definition("https://api.example.com/reports?scope=public", "{}") with { Parameters = JsonElement.Parse("""{"type":"object"}""") });

        await post.InvokeAsync(Call("""{"refund":{"order_id":"1","approved":true,"amount":99999},"lines":[{"sku":"A","price":0}]}"""), CancellationToken.None);
        await none.InvokeAsync(Call("""{"scope":"all"}"""), CancellationToken.None);

        Assert.Equal("""{"refund":{"order_id":"1"},"lines":[{"sku":"A"}]}""", _handler.Bodies[0]);
        Assert.Equal("https://api.example.com/reports?scope=public", _handler.Requests[1].RequestUri!.AbsoluteUri);
    }

    [Fact]
    public async Task InvokeAsync_Get_AddsArgumentsTheUrlDoesNotNameToTheQuery()
    {
        var tool = Tool(Definition("https://api.example.com/search", """{"q":{"type":"string"},"limit":{"type":"integer"},"tags":{"type":"array"}}"""));

        await tool.InvokeAsync(Call("""{"q":"a b","limit":3,"tags":["x","y"]}"""), CancellationToken.None);

        Assert.Equal("https://api.example.com/search?q=a%20b&limit=3&tags=x&tags=y", _handler.Requests[0].RequestUri!.AbsoluteUri);
        Assert.Null(_handler.Bodies[0]);
    }

    [Fact]
    public async Task InvokeAsync_Post_SendsArgumentsTheUrlDoesNotNameAsJsonBody()
    {
        var tool = Tool(Definition("https://api.example.com/orders/{order_id}/notes", """{"order_id":{"type":"string"},"text":{"type":"string"},"urgent":{"type":"boolean"}}""") with { Method = HttpMethod.Post });

        await tool.InvokeAsync(Call("""{"order_id":"42","text":"ring twice","urgent":true}"""), CancellationToken.None);

        var request = _handler.Requests[0];
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://api.example.com/orders/42/notes", request.RequestUri!.AbsoluteUri);
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("""{"text":"ring twice","urgent":true}""", _handler.Bodies[0]);
    }

    [Fact]
    public async Task InvokeAsync_HeaderWithEnvironmentReference_ReadsTheVariableAtCallTime()
    {
        var environment = new Dictionary<string, string?> { ["ORDERS_KEY"] = "first-secret" };
        var definition = Definition("https://api.example.com/ping", "{}") with
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer ${env:ORDERS_KEY}", ["X-Client"] = "switchboard/${env:CLIENT_VERSION}" },
        };
        environment["CLIENT_VERSION"] = "1.0";
        var tool = new HttpTool(definition, _client, name => environment.GetValueOrDefault(name));

        await tool.InvokeAsync(Call("{}"), CancellationToken.None);
        environment["ORDERS_KEY"] = "rotated-secret";
        await tool.InvokeAsync(Call("{}"), CancellationToken.None);

        Assert.Equal("Bearer first-secret", _handler.Requests[0].Headers.GetValues("Authorization").Single());
        Assert.Equal("Bearer rotated-secret", _handler.Requests[1].Headers.GetValues("Authorization").Single());
        Assert.Equal("switchboard/1.0", _handler.Requests[1].Headers.GetValues("X-Client").Single());
    }

    [Fact]
    public async Task InvokeAsync_HeaderWithTheCallersTenant_SendsTheTenantOfTheCall()
    {
        // An API shared by tenants learns whose data to use from the server: the model cannot name another tenant.
        var definition = Definition("https://api.example.com/orders", """{"type":"object","properties":{"tenant":{"type":"string"}}}""") with
        {
            Headers = new Dictionary<string, string> { ["X-Tenant"] = "${call:tenant}" },
        };
        var tool = new HttpTool(definition, _client, _ => null);

        using (ModelCallContext.Push(new ModelCallContext { TenantId = "acme" }))
        {
            await tool.InvokeAsync(Call("""{"tenant":"globex"}"""), CancellationToken.None);
        }

        await tool.InvokeAsync(Call("{}"), CancellationToken.None);

        Assert.Equal("acme", _handler.Requests[0].Headers.GetValues("X-Tenant").Single());
        Assert.Equal(ModelCallContext.DefaultTenant, _handler.Requests[1].Headers.GetValues("X-Tenant").Single());
    }

    [Fact]
    public async Task InvokeAsync_MissingEnvironmentVariable_ThrowsClearErrorAndSendsNothing()
    {
        var definition = Definition("https://api.example.com/ping", "{}") with
        {
            Headers = new Dictionary<string, string> { ["X-Api-Key"] = "${env:ORDERS_KEY}" },
        };
        var tool = new HttpTool(definition, _client, _ => null);

        var error = await Assert.ThrowsAsync<ToolException>(async () => await tool.InvokeAsync(Call("{}"), CancellationToken.None));

        Assert.Equal("The header 'X-Api-Key' needs the environment variable ORDERS_KEY, which is not set; ask the operator to set it.", error.Message);
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task InvokeAsync_ContentTypeHeader_ReplacesTheBodyContentType()
    {
        var definition = Definition("https://api.example.com/notes", """{"text":{"type":"string"}}""") with
        {
            Method = HttpMethod.Put,
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/vnd.notes+json" },
        };

        await Tool(definition).InvokeAsync(Call("""{"text":"hi"}"""), CancellationToken.None);

        Assert.Equal("application/vnd.notes+json", _handler.Requests[0].Content!.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task InvokeAsync_NoResponseField_ReturnsTheWholeAnswer()
    {
        _handler.Respond = _ => FakeHttpHandler.Json("""{"status":"shipped","eta":"2025-06-01"}""");

        var result = await Tool(Definition("https://api.example.com/ping", "{}")).InvokeAsync(Call("{}"), CancellationToken.None);

        var element = Assert.IsType<JsonElement>(result);
        Assert.Equal("shipped", element.GetProperty("status").GetString());
        Assert.Equal("2025-06-01", element.GetProperty("eta").GetString());
    }

    [Theory]
    [InlineData("data.items", """[{"id":1,"name":"tea"},{"id":2,"name":"cake"}]""")]
    [InlineData("data.items.1.name", "\"cake\"")]
    [InlineData("current.temp_c", "18.5")]
    [InlineData("current", """{"temp_c":18.5}""")]
    public async Task InvokeAsync_ResponseField_SelectsTheNestedValue(string field, string expected)
    {
        _handler.Respond = _ => FakeHttpHandler.Json("""{"data":{"items":[{"id":1,"name":"tea"},{"id":2,"name":"cake"}]},"current":{"temp_c":18.5}}""");
        var tool = Tool(Definition("https://api.example.com/ping", "{}") with { ResponseField = field });

        var result = await tool.InvokeAsync(Call("{}"), CancellationToken.None);

        Assert.Equal(expected, Assert.IsType<JsonElement>(result).GetRawText());
    }

    [Theory]
    [InlineData("data.missing", "The response has no field 'data.missing': 'data' has no 'missing'.")]
    [InlineData("nothing", "The response has no field 'nothing': the top level has no 'nothing'.")]
    [InlineData("data.items.5", "The response has no field 'data.items.5': 'data.items' has no '5'.")]
    [InlineData("current.temp_c.x", "The response has no field 'current.temp_c.x': 'current.temp_c' has no 'x'.")]
    public async Task InvokeAsync_ResponseFieldMissing_ThrowsNamingWhereThePathStops(string field, string expected)
    {
        _handler.Respond = _ => FakeHttpHandler.Json("""{"data":{"items":[{"id":1}]},"current":{"temp_c":18.5}}""");
        var tool = Tool(Definition("https://api.example.com/ping", "{}") with { ResponseField = field });

        var error = await Assert.ThrowsAsync<ToolException>(async () => await tool.InvokeAsync(Call("{}"), CancellationToken.None));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task InvokeAsync_Non2xx_ThrowsWithStatusAndShortBodyExcerpt()
    {
        _handler.Respond = _ => FakeHttpHandler.Json("""{"error":"no such order"}""", HttpStatusCode.NotFound);

        var error = await Assert.ThrowsAsync<ToolException>(async () => await Tool(Definition("https://api.example.com/ping", "{}")).InvokeAsync(Call("{}"), CancellationToken.None));

        Assert.Equal("""api.example.com answered HTTP 404 (Not Found): {"error":"no such order"}""", error.Message);
    }

    [Fact]
    public async Task InvokeAsync_Non2xxWithLongBody_CutsTheExcerptAt300Characters()
    {
        _handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent(new string('x', 5000)) };

        var error = await Assert.ThrowsAsync<ToolException>(async () => await Tool(Definition("https://api.example.com/ping", "{}")).InvokeAsync(Call("{}"), CancellationToken.None));

        Assert.StartsWith("api.example.com answered HTTP 502 (Bad Gateway): xxx", error.Message);
        Assert.EndsWith(new string('x', 300) + "…", error.Message);
        Assert.DoesNotContain(new string('x', 301), error.Message);
    }

    [Fact]
    public async Task InvokeAsync_Non2xxEchoingTheKey_LeavesTheSecretOutOfTheMessage()
    {
        _handler.Respond = _ => FakeHttpHandler.Json("""{"error":"invalid key sk-live-0123456789"}""", HttpStatusCode.Unauthorized);
        var definition = Definition("https://api.example.com/ping", "{}") with
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer ${env:ORDERS_KEY}" },
        };
        var tool = new HttpTool(definition, _client, _ => "sk-live-0123456789");

        var error = await Assert.ThrowsAsync<ToolException>(async () => await tool.InvokeAsync(Call("{}"), CancellationToken.None));

        Assert.Equal("""api.example.com answered HTTP 401 (Unauthorized): {"error":"invalid key [redacted]"}""", error.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.NoContent)]
    [InlineData(HttpStatusCode.Accepted)]
    public async Task InvokeAsync_EmptySuccess_IsASuccessThatSaysSo(HttpStatusCode status)
    {
        // Taken for a failure, a write that succeeded (a refund, a ticket) could be repeated by the model.
        _handler.Respond = _ => new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };

        var result = await Tool(Definition("https://api.example.com/ping", "{}") with { Method = HttpMethod.Post }).InvokeAsync(Call("{}"), CancellationToken.None);

        Assert.Equal($$"""{"status":{{(int)status}},"body":null}""", JsonSerializer.Serialize(result));
    }

    [Fact]
    public async Task InvokeAsync_JsonAfterAByteOrderMark_IsRead()
    {
        _handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. "{\"ok\":true}"u8]) };

        var result = await Tool(Definition("https://api.example.com/ping", "{}")).InvokeAsync(Call("{}"), CancellationToken.None);

        Assert.Equal("""{"ok":true}""", JsonSerializer.Serialize(result));
    }

    [Fact]
    public async Task InvokeAsync_InvalidJson_ThrowsToolException()
    {
        _handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>maintenance</html>") };

        var error = await Assert.ThrowsAsync<ToolException>(async () => await Tool(Definition("https://api.example.com/ping", "{}")).InvokeAsync(Call("{}"), CancellationToken.None));

        Assert.Equal("The answer from api.example.com is not valid JSON: <html>maintenance</html>", error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InvokeAsync_AnswerOverOneMebibyte_ThrowsToolException(bool lengthKnown)
    {
        _handler.Respond = _ =>
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes("\"" + new string('a', HttpTool.MaxResponseBytes) + "\""));
            if (!lengthKnown)
            {
                content.Headers.ContentLength = null;
            }

            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        };

        var error = await Assert.ThrowsAsync<ToolException>(async () => await Tool(Definition("https://api.example.com/ping", "{}")).InvokeAsync(Call("{}"), CancellationToken.None));

        Assert.Equal("The answer from api.example.com is larger than 1,048,576 bytes; the tool reads no more.", error.Message);
    }

    [Fact]
    public async Task InvokeAsync_AnswerJustUnderTheCap_IsRead()
    {
        var text = new string('a', HttpTool.MaxResponseBytes - 2);
        _handler.Respond = _ => FakeHttpHandler.Json("\"" + text + "\"");

        var result = await Tool(Definition("https://api.example.com/ping", "{}")).InvokeAsync(Call("{}"), CancellationToken.None);

        Assert.Equal(text, Assert.IsType<JsonElement>(result).GetString());
    }

    [Fact]
    public async Task InvokeAsync_NetworkFailure_ThrowsCouldNotReach()
    {
        _handler.Respond = _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (api.example.com:443)");

        var error = await Assert.ThrowsAsync<ToolException>(async () => await Tool(Definition("https://api.example.com/ping", "{}")).InvokeAsync(Call("{}"), CancellationToken.None));

        Assert.Equal("Could not reach api.example.com: the connection failed.", error.Message);
    }

    [Fact]
    public async Task InvokeAsync_ClientTimeout_ThrowsCouldNotReach()
    {
        _handler.Respond = _ => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.");

        var error = await Assert.ThrowsAsync<ToolException>(async () => await Tool(Definition("http://127.0.0.1:8080/ping", "{}")).InvokeAsync(Call("{}"), CancellationToken.None));

        Assert.Equal("Could not reach 127.0.0.1:8080: it did not answer in time.", error.Message);
    }

    [Fact]
    public async Task InvokeAsync_CallerCancels_PropagatesCancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        _handler.Respond = _ => throw new TaskCanceledException();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Tool(Definition("https://api.example.com/ping", "{}")).InvokeAsync(Call("{}"), cancelled.Token));
    }

    [Fact]
    public void Properties_ComeFromTheDefinition()
    {
        var definition = Definition("https://api.example.com/ping", """{"q":{"type":"string"}}""") with
        {
            Examples = ["ping the service"],
            Timeout = TimeSpan.FromSeconds(7),
        };

        var tool = Tool(definition);

        Assert.Equal("lookup", tool.Name);
        Assert.Equal("Looks things up.", tool.Description);
        Assert.Equal(definition.Parameters.GetRawText(), tool.JsonSchema.GetRawText());
        Assert.Equal(["ping the service"], tool.Examples);
        Assert.Equal(TimeSpan.FromSeconds(7), tool.Timeout);
    }

    [Theory]
    [InlineData("ftp://api.example.com/x")]
    [InlineData("https://{tenant}.example.com/x")]
    public void Constructor_UnsafeOrInvalidUrl_Throws(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => Tool(Definition(url, """{"tenant":{"type":"string"}}""")));

        Assert.StartsWith("Url: ", error.Message);
    }

    private HttpTool Tool(HttpToolDefinition definition) => new(definition, _client, _ => null);

    private static HttpToolDefinition Definition(string url, string properties) => new()
    {
        Name = "lookup",
        Description = "Looks things up.",
        Url = url,
        Parameters = JsonElement.Parse($$"""{"type":"object","properties":{{properties}}}"""),
    };

    private static ToolInvocation Call(string arguments) => new("conv_1", "assistant", "call_1", JsonElement.Parse(arguments));
}
