using Microsoft.Extensions.AI;
using Switchboard.Gateway.Pipeline;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Pipeline;

public sealed class ChatPipelineBuilderTests
{
    [Fact]
    public async Task Build_FirstStageAddedIsOutermost()
    {
        var trace = new List<string>();
        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) =>
            {
                trace.Add("provider");
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "hi")));
            },
        };

        var pipeline = new ChatPipelineBuilder()
            .Use(next => new RecordingStage(next, "telemetry", trace))
            .Use(next => new RecordingStage(next, "cache", trace))
            .Use((next, _) => new RecordingStage(next, "budget", trace))
            .Build(inner, EmptyServices.Instance);

        await pipeline.GetResponseAsync([new ChatMessage(ChatRole.User, "x")]);

        Assert.Equal(
            ["telemetry:in", "cache:in", "budget:in", "provider", "budget:out", "cache:out", "telemetry:out"],
            trace);
    }

    [Fact]
    public void Build_NoStages_ReturnsTheInnerClient()
    {
        var inner = new TestChatClient();

        Assert.Same(inner, new ChatPipelineBuilder().Build(inner, EmptyServices.Instance));
    }

    [Fact]
    public void Build_StageReturningNull_Throws()
    {
        var builder = new ChatPipelineBuilder().Use(_ => null!);

        Assert.Throws<InvalidOperationException>(() => builder.Build(new TestChatClient(), EmptyServices.Instance));
    }

    [Fact]
    public void Build_PassesServicesToStages()
    {
        IServiceProvider? seen = null;
        var services = new EmptyServices();
        new ChatPipelineBuilder().Use((next, sp) =>
        {
            seen = sp;
            return next;
        }).Build(new TestChatClient(), services);

        Assert.Same(services, seen);
    }

    private sealed class RecordingStage(IChatClient inner, string name, List<string> trace) : DelegatingChatClient(inner)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            trace.Add(name + ":in");
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            trace.Add(name + ":out");
            return response;
        }
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
