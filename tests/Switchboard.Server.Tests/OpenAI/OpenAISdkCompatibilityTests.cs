using System.ClientModel;
using System.Text;
using OpenAI;
using OpenAI.Chat;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.OpenAI;

/// <summary>The official OpenAI .NET SDK (2.15.0) used as a client against the running server.</summary>
public sealed class OpenAISdkCompatibilityTests : IAsyncLifetime
{
    private KestrelSwitchboard _server = null!;

    public async Task InitializeAsync() => _server = await KestrelSwitchboard.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CompleteChat_Plain()
    {
        ChatCompletion completion = await Client().CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Hello")]);

        Assert.Equal("Hello! How can I assist you today?", completion.Content[0].Text);
        Assert.Equal("mock:gpt-4o-mini", completion.Model);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(19, completion.Usage.InputTokenCount);
        Assert.Equal(10, completion.Usage.OutputTokenCount);

        // The caller's key is the caller's: it is never forwarded to the provider (this one has no key configured).
        Assert.Null(_server.Upstream.AuthorizationHeaders.Single());
    }

    [Fact]
    public async Task CompleteChatStreaming_ConcatenatesToTheFullTextWithUsage()
    {
        _server.Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"));

        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        var updates = 0;
        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("Hello")]))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage = update.Usage ?? usage;
            finish = update.FinishReason ?? finish;
        }

        Assert.True(updates >= 4);
        Assert.Equal("Hello there, 你好!", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(13, usage.TotalTokenCount);
    }

    [Fact]
    public async Task ToolCalls_RoundTrip_WithToolResultsFedBack()
    {
        _server.Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion_parallel_tools.json"));
        var options = new ChatCompletionOptions
        {
            Tools =
            {
                ChatTool.CreateFunctionTool(
                    "get_current_weather",
                    "Get the current weather",
                    BinaryData.FromString("""{"type":"object","properties":{"location":{"type":"string"},"unit":{"type":"string"}},"required":["location"]}""")),
            },
        };
        List<ChatMessage> messages = [new UserChatMessage("Weather in Boston and Shanghai?")];

        ChatCompletion completion = await Client().CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        Assert.Equal(2, completion.ToolCalls.Count);
        Assert.Equal("call_abc123", completion.ToolCalls[0].Id);
        Assert.Equal("get_current_weather", completion.ToolCalls[0].FunctionName);
        Assert.Equal("{\"location\": \"上海\", \"unit\": \"celsius\"}", completion.ToolCalls[1].FunctionArguments.ToString());

        _server.Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion.json"));
        messages.Add(new AssistantChatMessage(completion));
        messages.Add(new ToolChatMessage("call_abc123", "Boston: 12°C"));
        messages.Add(new ToolChatMessage("call_def456", "上海: 25°C"));
        ChatCompletion final = await Client().CompleteChatAsync(messages, options);

        Assert.Equal("Hello! How can I assist you today?", final.Content[0].Text);
        var sent = _server.Upstream.Requests.Last().GetProperty("messages");
        Assert.Equal(4, sent.GetArrayLength());
        Assert.Equal("call_def456", sent[1].GetProperty("tool_calls")[1].GetProperty("id").GetString());
        Assert.Equal("上海: 25°C", sent[3].GetProperty("content").GetString());
    }

    [Fact]
    public async Task ToolCalls_Streaming_ParallelFragmentsAssemble()
    {
        _server.Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_parallel_tools.sse"));
        var options = new ChatCompletionOptions
        {
            Tools =
            {
                ChatTool.CreateFunctionTool("get_weather", "Weather", BinaryData.FromString("""{"type":"object","properties":{"location":{"type":"string"}}}""")),
                ChatTool.CreateFunctionTool("get_time", "Time", BinaryData.FromString("""{"type":"object","properties":{"tz":{"type":"string"}}}""")),
            },
        };

        var ids = new Dictionary<int, string>();
        var names = new Dictionary<int, string>();
        var arguments = new Dictionary<int, StringBuilder>();
        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("Paris?")], options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                if (call.ToolCallId is not null)
                {
                    ids[call.Index] = call.ToolCallId;
                }

                if (call.FunctionName is not null)
                {
                    names[call.Index] = call.FunctionName;
                }

                if (!arguments.TryGetValue(call.Index, out var builder))
                {
                    arguments[call.Index] = builder = new StringBuilder();
                }

                builder.Append(call.FunctionArgumentsUpdate?.ToString());
            }
        }

        Assert.Equal("call_DdmO9pD3xa9XTPNJ32zg2hcA", ids[0]);
        Assert.Equal("get_weather", names[0]);
        Assert.Equal("{\"location\":\"Paris\"}", arguments[0].ToString());
        Assert.Equal("get_time", names[1]);
        Assert.Equal("{\"tz\":\"CET\"}", arguments[1].ToString());
    }

    [Fact]
    public async Task UnknownModel_SurfacesAsClientResultExceptionWith404()
    {
        var client = new ChatClient("mock:does-not-exist", new ApiKeyCredential(SwitchboardFactory.AdminKey), new OpenAIClientOptions { Endpoint = new Uri(_server.Address + "/v1") });

        var exception = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(404, exception.Status);
        Assert.Contains("model_not_found", exception.Message);
        Assert.Contains("is not offered by provider 'mock'", exception.Message);
    }

    private ChatClient Client() =>
        new("mock:gpt-4o-mini", new ApiKeyCredential(SwitchboardFactory.AdminKey), new OpenAIClientOptions { Endpoint = new Uri(_server.Address + "/v1") });
}
