using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Providers.OpenAI.Wire;

namespace Switchboard.Providers.OpenAI.Tests.Wire;

public sealed class RequestCodecTests
{
    private const string RichRequest = """
        {
          "model": "openai:gpt-4o-mini",
          "messages": [
            {"role": "developer", "content": "Answer in French."},
            {"role": "user", "name": "ann", "content": [
              {"type": "text", "text": "What is in this image?"},
              {"type": "image_url", "image_url": {"url": "https://example.com/cat.png?sig=a%2Bb%20c", "detail": "high"}},
              {"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}}
            ]},
            {"role": "assistant", "content": null, "tool_calls": [
              {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{\"q\": \"chat\"}"}}
            ]},
            {"role": "tool", "tool_call_id": "call_1", "content": "a cat"}
          ],
          "temperature": 0.7,
          "top_p": 0.9,
          "max_completion_tokens": 256,
          "frequency_penalty": 0.5,
          "presence_penalty": -0.5,
          "seed": 42,
          "stop": "END",
          "tools": [{"type": "function", "function": {"name": "lookup", "description": "Search", "parameters": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}, "strict": false}}],
          "tool_choice": "required",
          "parallel_tool_calls": false,
          "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "strict": true, "schema": {"type": "object", "properties": {"text": {"type": "string"}}}}},
          "logit_bias": {"50256": -100},
          "user": "user-123",
          "top_k": 40,
          "stream": true,
          "stream_options": {"include_usage": true}
        }
        """;

    [Fact]
    public void Read_RichRequest_MapsEveryField()
    {
        var request = OpenAIChatRequestReader.Read(Encoding.UTF8.GetBytes(RichRequest));

        Assert.Equal("openai:gpt-4o-mini", request.Model);
        Assert.True(request.Stream);
        Assert.True(request.IncludeUsage);
        Assert.Equal(4, request.Messages.Count);
        Assert.Equal(ChatRole.System, request.Messages[0].Role);
        Assert.Equal("ann", request.Messages[1].AuthorName);
        Assert.IsType<UriContent>(request.Messages[1].Contents[1]);
        Assert.Equal("input_audio", Assert.IsType<RawContentPart>(request.Messages[1].Contents[2]).Type);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(request.Messages[2].Contents));
        Assert.Equal("{\"q\": \"chat\"}", ToolCallArguments.GetJson(call));
        var result = Assert.IsType<FunctionResultContent>(Assert.Single(request.Messages[3].Contents));
        Assert.Equal("call_1", result.CallId);

        var options = request.Options;
        Assert.Equal(0.7f, options.Temperature);
        Assert.Equal(256, options.MaxOutputTokens);
        Assert.Equal(42, options.Seed);
        Assert.Equal(["END"], options.StopSequences!);
        Assert.Equal(ChatToolMode.RequireAny, options.ToolMode);
        Assert.False(options.AllowMultipleToolCalls);
        var tool = Assert.IsType<ToolDeclaration>(Assert.Single(options.Tools!));
        Assert.Equal("lookup", tool.Name);
        Assert.False(tool.Strict);
        Assert.Equal("answer", Assert.IsType<ChatResponseFormatJson>(options.ResponseFormat).SchemaName);
        var extras = (IReadOnlyDictionary<string, JsonElement>)options.AdditionalProperties![OpenAIWireProperties.ExtraFields]!;
        Assert.Equal(["logit_bias", "user", "top_k"], extras.Keys);
    }

    [Fact]
    public void Write_AfterRead_ReproducesTheRequestForTheUpstream()
    {
        var request = OpenAIChatRequestReader.Read(Encoding.UTF8.GetBytes(RichRequest));
        request.Options.ModelId = "gpt-4o-mini";

        var written = Write(request.Messages, request.Options, stream: false);

        Assert.Equal("gpt-4o-mini", written.GetProperty("model").GetString());
        Assert.False(written.TryGetProperty("stream", out _));
        var messages = written.GetProperty("messages");
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal("ann", messages[1].GetProperty("name").GetString());
        var parts = messages[1].GetProperty("content");
        Assert.Equal("text", parts[0].GetProperty("type").GetString());
        Assert.Equal("https://example.com/cat.png?sig=a%2Bb%20c", parts[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("high", parts[1].GetProperty("image_url").GetProperty("detail").GetString());
        Assert.Equal("AAAA", parts[2].GetProperty("input_audio").GetProperty("data").GetString());
        Assert.Equal(JsonValueKind.Null, messages[2].GetProperty("content").ValueKind);
        Assert.Equal("{\"q\": \"chat\"}", messages[2].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("a cat", messages[3].GetProperty("content").GetString());

        Assert.Equal("0.7", written.GetProperty("temperature").GetRawText());
        Assert.Equal("0.9", written.GetProperty("top_p").GetRawText());
        Assert.Equal(256, written.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(written.TryGetProperty("max_tokens", out _));
        Assert.Equal(42, written.GetProperty("seed").GetInt32());
        Assert.Equal("END", written.GetProperty("stop")[0].GetString());
        Assert.Equal("required", written.GetProperty("tool_choice").GetString());
        Assert.False(written.GetProperty("parallel_tool_calls").GetBoolean());
        Assert.False(written.GetProperty("tools")[0].GetProperty("function").GetProperty("strict").GetBoolean());
        Assert.Equal("json_schema", written.GetProperty("response_format").GetProperty("type").GetString());
        Assert.Equal("answer", written.GetProperty("response_format").GetProperty("json_schema").GetProperty("name").GetString());
        Assert.True(written.GetProperty("response_format").GetProperty("json_schema").GetProperty("strict").GetBoolean());
        Assert.Equal(-100, written.GetProperty("logit_bias").GetProperty("50256").GetInt32());
        Assert.Equal("user-123", written.GetProperty("user").GetString());
        Assert.Equal(40, written.GetProperty("top_k").GetInt32());
    }

    [Fact]
    public void Write_InstructionsAndMaxTokens_UseSystemMessageAndMaxTokensField()
    {
        var options = new ChatOptions { ModelId = "m", Instructions = "You are terse.", MaxOutputTokens = 10, ToolMode = ChatToolMode.RequireSpecific("f"), Tools = [new ToolDeclaration("f", null, null)] };

        var written = Write([new ChatMessage(ChatRole.User, "hi")], options, stream: true);

        Assert.Equal("You are terse.", written.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(10, written.GetProperty("max_tokens").GetInt32());
        Assert.Equal("f", written.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("object", written.GetProperty("tools")[0].GetProperty("function").GetProperty("parameters").GetProperty("type").GetString());
        Assert.True(written.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public void Write_NonAsciiText_IsNotEscaped()
    {
        var buffer = new ArrayBufferWriter<byte>();
        OpenAIChatRequestWriter.Write(buffer, [new ChatMessage(ChatRole.User, "你好 'quoted'")], new ChatOptions { ModelId = "m" }, false);

        Assert.Contains("你好 'quoted'", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"xml"}}""", "response_format.type")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"stop":[1]}""", "stop")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"not a url"}}]}]}""", "messages[0].content[0].image_url.url")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f"}}]}]}""", "messages[0].tool_calls[0].id")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant"}]}""", "messages[0].content")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":"yes"}}""", "stream_options.include_usage")]
    public void Read_InvalidField_ThrowsNamingTheField(string json, string param)
    {
        var exception = Assert.Throws<OpenAIRequestException>(() => OpenAIChatRequestReader.Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(param, exception.Param);
    }

    [Theory]
    [InlineData(""","max_tokens":64""", "max_completion_tokens", "max_tokens")]
    [InlineData(""","max_completion_tokens":64""", "max_tokens", "max_completion_tokens")]
    [InlineData("", "max_completion_tokens", "max_completion_tokens")]
    [InlineData("", "max_tokens", "max_tokens")]
    public void Write_TheFieldTheCallerNamedIsKept_ElseTheProvidersFieldIsUsed(string limit, string providerField, string expected)
    {
        // Without a field named (a limit the budgets add, an Anthropic caller's max_tokens), the provider decides:
        // OpenAI's reasoning models refuse max_tokens.
        var request = OpenAIChatRequestReader.Read(Encoding.UTF8.GetBytes($$"""{"model":"m","messages":[{"role":"user","content":"x"}]{{limit}}}"""));
        request.Options.ModelId = "m";
        request.Options.MaxOutputTokens ??= 64;

        var buffer = new ArrayBufferWriter<byte>();
        OpenAIChatRequestWriter.Write(buffer, request.Messages, request.Options, stream: false, providerField);
        var written = JsonDocument.Parse(buffer.WrittenMemory).RootElement;

        Assert.Equal(64, written.GetProperty(expected).GetInt32());
        Assert.False(written.TryGetProperty(expected == "max_tokens" ? "max_completion_tokens" : "max_tokens", out _));
    }

    [Fact]
    public void Read_DeeplyNestedJson_IsRejectedNotCrashed()
    {
        var json = """{"model":"m","messages":[{"role":"user","content":"x"}],"metadata":""" + new string('[', 200) + new string(']', 200) + "}";

        var exception = Assert.Throws<OpenAIRequestException>(() => OpenAIChatRequestReader.Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("invalid_json", exception.Code);
    }

    private static JsonElement Write(IEnumerable<ChatMessage> messages, ChatOptions options, bool stream)
    {
        var buffer = new ArrayBufferWriter<byte>();
        OpenAIChatRequestWriter.Write(buffer, messages, options, stream);
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement;
    }
}
