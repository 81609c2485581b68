using System.ComponentModel;
using System.Text.Json;
using Switchboard.Agents.Tools;

namespace Switchboard.Agents.Tests.Tools;

public sealed class MethodToolSchemaTests
{
    public enum DeliverySpeed
    {
        Standard,
        NextDay,
        SameDay,
    }

    [Fact]
    public void JsonSchema_IsAClosedObjectOfTheModelSuppliedParameters()
    {
        var schema = SchemaOf(nameof(SchemaFixture.Everything));

        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        var names = schema.GetProperty("properties").EnumerateObject().Select(property => property.Name).ToArray();
        Assert.Equal(
            [
                "order_id", "quantity", "big_number", "small", "price", "ratio", "amount", "gift_wrap", "speed", "delivery_date",
                "placed_at", "tags", "line_numbers", "speeds", "max_results", "note", "page_size", "fallback_speed", "currency",
                "include_archived",
            ],
            names);
    }

    [Fact]
    public void JsonSchema_ExcludesInjectedParameters()
    {
        var properties = SchemaOf(nameof(SchemaFixture.Everything)).GetProperty("properties");

        Assert.False(properties.TryGetProperty("invocation", out _));
        Assert.False(properties.TryGetProperty("cancellation_token", out _));
    }

    [Fact]
    public void JsonSchema_RequiresOnlyNonNullableParametersWithoutDefaults()
    {
        var required = SchemaOf(nameof(SchemaFixture.Everything)).GetProperty("required").EnumerateArray().Select(name => name.GetString()!).ToArray();

        Assert.Equal(
            [
                "order_id", "quantity", "big_number", "small", "price", "ratio", "amount", "gift_wrap", "speed", "delivery_date",
                "placed_at", "tags", "line_numbers", "speeds",
            ],
            required);
    }

    [Theory]
    [InlineData("order_id", """{"type":"string","description":"The order number, e.g. A-1001."}""")]
    [InlineData("quantity", """{"type":"integer"}""")]
    [InlineData("big_number", """{"type":"integer"}""")]
    [InlineData("small", """{"type":"integer","minimum":-32768,"maximum":32767}""")]
    [InlineData("price", """{"type":"number"}""")]
    [InlineData("ratio", """{"type":"number"}""")]
    [InlineData("amount", """{"type":"number"}""")]
    [InlineData("gift_wrap", """{"type":"boolean","description":"Whether to wrap it."}""")]
    [InlineData("speed", """{"type":"string","enum":["standard","next_day","same_day"]}""")]
    [InlineData("delivery_date", """{"type":"string","format":"date"}""")]
    [InlineData("placed_at", """{"type":"string","format":"date-time"}""")]
    [InlineData("tags", """{"type":"array","items":{"type":"string"}}""")]
    [InlineData("line_numbers", """{"type":"array","items":{"type":"integer"}}""")]
    [InlineData("speeds", """{"type":"array","items":{"type":"string","enum":["standard","next_day","same_day"]}}""")]
    [InlineData("max_results", """{"type":["integer","null"]}""")]
    [InlineData("note", """{"type":["string","null"]}""")]
    [InlineData("page_size", """{"type":"integer","default":20}""")]
    [InlineData("fallback_speed", """{"type":"string","enum":["standard","next_day","same_day"],"default":"next_day"}""")]
    [InlineData("currency", """{"type":"string","default":"EUR","description":"ISO 4217 code."}""")]
    [InlineData("include_archived", """{"type":"boolean","default":false}""")]
    public void JsonSchema_MapsEachParameterType(string property, string expected)
    {
        var schema = SchemaOf(nameof(SchemaFixture.Everything)).GetProperty("properties").GetProperty(property);

        Assert.Equal(expected, schema.GetRawText());
    }

    [Fact]
    public void JsonSchema_NullableEnumAndNullableElementsAdmitNull()
    {
        var properties = SchemaOf(nameof(SchemaFixture.Nullables)).GetProperty("properties");

        Assert.Equal("""{"type":["string","null"],"enum":["standard","next_day","same_day",null]}""", properties.GetProperty("speed").GetRawText());
        Assert.Equal("""{"type":"array","items":{"type":["string","null"]}}""", properties.GetProperty("names").GetRawText());
        Assert.Equal("""{"type":"array","items":{"type":["number","null"]}}""", properties.GetProperty("weights").GetRawText());
        Assert.Equal("""{"type":["integer","null"],"default":5}""", properties.GetProperty("limit").GetRawText());
        Assert.Equal("""["names","weights"]""", SchemaOf(nameof(SchemaFixture.Nullables)).GetProperty("required").GetRawText());
    }

    [Fact]
    public void JsonSchema_OfAMethodWithOnlyInjectedParametersHasNoProperties()
    {
        Assert.Equal(
            """{"type":"object","properties":{},"required":[],"additionalProperties":false}""",
            SchemaOf(nameof(SchemaFixture.NoArguments)).GetRawText());
    }

    [Fact]
    public void Create_CopiesNameDescriptionExamplesAndTimeoutFromTheAttribute()
    {
        var tool = MethodTool.Create(null, typeof(SchemaFixture).GetMethod(nameof(SchemaFixture.Everything))!);

        Assert.Equal("find_orders", tool.Name);
        Assert.Equal("Finds a customer's orders.", tool.Description);
        Assert.Equal(["where are my orders", "我的订单在哪里"], tool.Examples);
        Assert.Equal(TimeSpan.FromSeconds(2.5), tool.Timeout);
    }

    [Fact]
    public void Create_FallsBackToTheMethodDescriptionAndNoTimeout()
    {
        var tool = MethodTool.Create(null, typeof(SchemaFixture).GetMethod(nameof(SchemaFixture.NoArguments))!);

        Assert.Equal("Tells the time.", tool.Description);
        Assert.Empty(tool.Examples);
        Assert.Null(tool.Timeout);
    }

    [Fact]
    public void Create_IdempotentAttribute_CopiesTheFlagAndTheCacheTimeToLive()
    {
        var tool = MethodTool.Create(null, typeof(SchemaFixture).GetMethod(nameof(SchemaFixture.CachedLookup))!);
        var plain = MethodTool.Create(null, typeof(SchemaFixture).GetMethod(nameof(SchemaFixture.Everything))!);

        Assert.Equal((true, TimeSpan.FromSeconds(90)), (tool.Idempotent, tool.CacheTtl));
        Assert.Equal((false, (TimeSpan?)null), (plain.Idempotent, plain.CacheTtl));
    }

    [Theory]
    [InlineData(nameof(SchemaFixture.TtlWithoutIdempotent), "CacheTtlSeconds applies only to idempotent tools")]
    [InlineData(nameof(SchemaFixture.NegativeTtl), "CacheTtlSeconds must be more than 0 and at most 86400 seconds (got -5)")]
    public void Create_BadCacheTimeToLive_ThrowsNamingIt(string method, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => MethodTool.Create(null, typeof(SchemaFixture).GetMethod(method)!));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RejectsAnUnsupportedParameterType()
    {
        var error = Assert.Throws<NotSupportedException>(() => MethodTool.Create(null, typeof(SchemaFixture).GetMethod(nameof(SchemaFixture.Unsupported))!));

        Assert.Contains("Uri", error.Message, StringComparison.Ordinal);
    }

    private static JsonElement SchemaOf(string method) => MethodTool.Create(null, typeof(SchemaFixture).GetMethod(method)!).JsonSchema;

    private static class SchemaFixture
    {
        [AgentFunction("find_orders", Description = "Finds a customer's orders.", Examples = ["where are my orders", "我的订单在哪里"], TimeoutSeconds = 2.5)]
        public static string Everything(
            [Description("The order number, e.g. A-1001.")] string orderId,
            int quantity,
            long bigNumber,
            short small,
            double price,
            float ratio,
            decimal amount,
            [Description("Whether to wrap it.")] bool giftWrap,
            DeliverySpeed speed,
            DateOnly deliveryDate,
            DateTimeOffset placedAt,
            string[] tags,
            IReadOnlyList<int> lineNumbers,
            List<DeliverySpeed> speeds,
            ToolInvocation invocation,
            int? maxResults,
            string? note,
            CancellationToken cancellationToken,
            int pageSize = 20,
            DeliverySpeed fallbackSpeed = DeliverySpeed.NextDay,
            [Description("ISO 4217 code.")] string currency = "EUR",
            bool includeArchived = false) => string.Empty;

        [AgentFunction("nullables")]
        public static string Nullables(DeliverySpeed? speed, IReadOnlyList<string?> names, double?[] weights, int? limit = 5) => string.Empty;

        [AgentFunction("what_time")]
        [Description("Tells the time.")]
        public static string NoArguments(CancellationToken cancellationToken) => "noon";

        [AgentFunction("cached_lookup", Idempotent = true, CacheTtlSeconds = 90)]
        public static string CachedLookup(string key) => key;

        [AgentFunction("ttl_without_idempotent", CacheTtlSeconds = 90)]
        public static string TtlWithoutIdempotent(string key) => key;

        [AgentFunction("negative_ttl", Idempotent = true, CacheTtlSeconds = -5)]
        public static string NegativeTtl(string key) => key;

        [AgentFunction("fetch_page")]
        public static string Unsupported(Uri address) => address.ToString();
    }
}
