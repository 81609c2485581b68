using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;
using Switchboard.Gateway.Catalog;
using Switchboard.Gateway.Routing;
using Switchboard.Gateway.Tests.Catalog;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Routing;

public sealed class ProviderRouterChatClientTests
{
    private readonly TestProviderFactory _factory = new();
    private readonly ProviderRouterChatClient _router;

    public ProviderRouterChatClientTests()
    {
        var options = new ModelCatalogOptions();
        var openai = CatalogFixtures.Provider(models: ["gpt-4o-mini"]);
        openai.Models.Add(new ModelOptions { Id = "fast", UpstreamId = "gpt-4o-mini-2024-07-18" });
        options.Providers["openai"] = openai;
        var keyed = CatalogFixtures.Provider(models: ["m"]);
        keyed.ApiKeyEnv = "NOT_SET_ANYWHERE";
        options.Providers["keyed"] = keyed;
        _router = new ProviderRouterChatClient(CatalogFixtures.Build(options), new ProviderClientRegistry([_factory]));
    }

    [Fact]
    public async Task GetResponse_SendsUpstreamIdAndStampsCanonicalModelAndProvider()
    {
        var options = new ChatOptions { ModelId = "openai/fast", Temperature = 0.2f };

        var response = await _router.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], options);

        var upstream = _factory.Clients["openai"];
        Assert.Equal("gpt-4o-mini-2024-07-18", upstream.ReceivedOptions.Single()!.ModelId);
        Assert.Equal(0.2f, upstream.ReceivedOptions.Single()!.Temperature);
        Assert.Equal("openai/fast", options.ModelId); // the caller's options are not mutated
        Assert.Equal("openai:fast", response.ModelId);
        Assert.Equal("openai", response.AdditionalProperties![ChatContentProperties.Provider]);
    }

    [Fact]
    public async Task GetResponse_KeepsTheUpstreamReportedModel()
    {
        _ = await _router.GetResponseAsync([new ChatMessage(ChatRole.User, "warm up")], new ChatOptions { ModelId = "openai:gpt-4o-mini" });
        _factory.Clients["openai"].GetResponseAsyncCallback = (_, _, _) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "x")) { ModelId = "gpt-4o-mini-2024-07-18" });

        var response = await _router.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai:gpt-4o-mini" });

        Assert.Equal("gpt-4o-mini-2024-07-18", response.AdditionalProperties![ChatContentProperties.UpstreamModel]);
    }

    [Fact]
    public async Task GetStreamingResponse_StampsEveryUpdate()
    {
        _ = await _router.GetResponseAsync([new ChatMessage(ChatRole.User, "warm up")], new ChatOptions { ModelId = "openai:gpt-4o-mini" });
        _factory.Clients["openai"].GetStreamingResponseAsyncCallback = (_, _, ct) => Updates(ct);

        var models = new List<string?>();
        await foreach (var update in _router.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "gpt-4o-mini" }))
        {
            models.Add(update.ModelId);
        }

        Assert.Equal(["openai:gpt-4o-mini", "openai:gpt-4o-mini"], models);

        static async IAsyncEnumerable<ChatResponseUpdate> Updates([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "a") { ModelId = "upstream" };
            yield return new ChatResponseUpdate(ChatRole.Assistant, "b") { ModelId = "upstream" };
        }
    }

    [Fact]
    public async Task GetResponse_UnknownModel_ThrowsModelNotFound()
    {
        var exception = await Assert.ThrowsAsync<ModelNotFoundException>(
            () => _router.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai:nope" }));

        Assert.Contains("not offered by provider 'openai'", exception.Message);
    }

    [Fact]
    public async Task GetResponse_NoModel_ThrowsModelNotFound()
    {
        await Assert.ThrowsAsync<ModelNotFoundException>(() => _router.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));
    }

    [Fact]
    public async Task GetResponse_ProviderWithoutItsKey_FailsAsNotConfiguredNamingTheVariable()
    {
        var exception = await Assert.ThrowsAsync<UpstreamException>(
            () => _router.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "keyed:m" }));

        Assert.Equal(UpstreamErrorKind.NotConfigured, exception.Kind);
        Assert.Contains("NOT_SET_ANYWHERE", exception.Message);
        Assert.False(_factory.Clients.ContainsKey("keyed"));
    }

    [Fact]
    public async Task Registry_CreatesOneAdapterPerProviderAndDisposesIt()
    {
        var registry = new ProviderClientRegistry([_factory]);
        var router = new ProviderRouterChatClient(CatalogFixtures.Standard(), registry);
        for (var i = 0; i < 3; i++)
        {
            await router.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai:gpt-4o" });
        }

        var client = _factory.Clients["openai"];
        Assert.Equal(3, client.ReceivedOptions.Count);
        registry.Dispose();
        Assert.True(client.Disposed);
    }
}
