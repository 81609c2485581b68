using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Gateway.Governance;

namespace Switchboard.Gateway.Tests.Governance;

public sealed class PromptTokenEstimatorTests
{
    private const int Fixed = PromptTokenEstimator.FixedOverhead;
    private const int PerItem = PromptTokenEstimator.PerItemOverhead;

    [Fact]
    public void EstimateUpperBound_AsciiText_IsAtLeastOneTokenPerCharacter()
    {
        var text = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 40));

        var bound = PromptTokenEstimator.EstimateUpperBound([new ChatMessage(ChatRole.User, text)], null);

        Assert.True(bound >= text.Length);
        Assert.Equal(Fixed + PerItem + text.Length, bound);
    }

    [Theory]
    [InlineData("héllo", 6)]
    [InlineData("日本語", 9)]
    [InlineData("😀", 4)]
    [InlineData("a😀é", 7)]
    public void EstimateUpperBound_MultibyteText_CountsUtf8Bytes(string text, int bytes)
    {
        var bound = PromptTokenEstimator.EstimateUpperBound([new ChatMessage(ChatRole.User, text)], null);

        Assert.Equal(Fixed + PerItem + bytes, bound);
    }

    [Fact]
    public void EstimateUpperBound_SeveralMessages_AddsTheOverheadForEach()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.System, "be brief"),
            new(ChatRole.User, "hi"),
            new(ChatRole.Assistant, "hello") { AuthorName = "bot" },
        ];

        var bound = PromptTokenEstimator.EstimateUpperBound(messages, new ChatOptions { Instructions = "no jokes" });

        Assert.Equal(Fixed + (3 * PerItem) + 8 + 2 + 5 + 3 + 8, bound);
    }

    [Fact]
    public void EstimateUpperBound_ToolCallWithRawArguments_CountsTheRawText()
    {
        var call = ToolCallArguments.CreateCall("call_1", "get_weather", """{"city": "Zürich"}""");

        var bound = PromptTokenEstimator.EstimateUpperBound([new ChatMessage(ChatRole.Assistant, [call])], null);

        var raw = Encoding.UTF8.GetByteCount("""{"city": "Zürich"}""");
        Assert.Equal(Fixed + PerItem + PerItem + 6 + 11 + raw, bound);
    }

    [Fact]
    public void EstimateUpperBound_ToolCallAndResultObjects_AreAtLeastTheirSerializedBytes()
    {
        var arguments = new Dictionary<string, object?> { ["city"] = "Zürich", ["days"] = 3 };
        var result = new Dictionary<string, object?> { ["forecast"] = new[] { "sonnig", "bewölkt", "Regen" } };
        ChatMessage[] messages =
        [
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", arguments)]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", result)]),
        ];

        var bound = PromptTokenEstimator.EstimateUpperBound(messages, null);

        var sent = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(arguments, AIJsonUtilities.DefaultOptions))
            + Encoding.UTF8.GetByteCount(JsonSerializer.Serialize<object>(result, AIJsonUtilities.DefaultOptions));
        Assert.True(bound >= Fixed + (4 * PerItem) + 6 + 6 + 11 + sent, $"bound {bound}, serialized {sent}");
    }

    [Fact]
    public void EstimateUpperBound_StringResult_CountsItsBytes()
    {
        var message = new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c", "Grüezi")]);

        var bound = PromptTokenEstimator.EstimateUpperBound([message], null);

        Assert.Equal(Fixed + PerItem + PerItem + 1 + 7, bound);
    }

    [Fact]
    public void EstimateUpperBound_ToolDeclarations_CountNameDescriptionAndSchema()
    {
        const string schema = """{"type":"object","properties":{"city":{"type":"string"}}}""";
        var tool = new ToolDeclaration("get_weather", "Weather for a city", JsonDocument.Parse(schema).RootElement);
        ChatMessage[] messages = [new(ChatRole.User, "hi")];

        var without = PromptTokenEstimator.EstimateUpperBound(messages, new ChatOptions());
        var with = PromptTokenEstimator.EstimateUpperBound(messages, new ChatOptions { Tools = [tool] });

        Assert.True(with - without >= PerItem + 11 + 18 + schema.Length, $"tool counted as {with - without}");
    }

    [Fact]
    public void EstimateUpperBound_Image_CountsItsBytesAndTheMediaAllowance()
    {
        var image = new DataContent(new byte[1000], "image/png");

        var bound = PromptTokenEstimator.EstimateUpperBound([new ChatMessage(ChatRole.User, [image])], null);

        Assert.Equal(Fixed + PerItem + PromptTokenEstimator.MediaAllowance + 1000, bound);
    }
}
