namespace Switchboard.Gateway.Tests.Catalog;

public sealed class ModelResolutionTests
{
    private readonly Switchboard.Gateway.Catalog.ModelCatalog _catalog = CatalogFixtures.Standard();

    [Theory]
    [InlineData("openai:gpt-4o-mini", "openai:gpt-4o-mini")]
    [InlineData("openai/gpt-4o-mini", "openai:gpt-4o-mini")]
    [InlineData("OpenAI:GPT-4o-mini", "openai:gpt-4o-mini")]
    [InlineData("gpt-4o-mini", "openai:gpt-4o-mini")]
    [InlineData("ollama:llama3:8b", "ollama:llama3:8b")]
    [InlineData("ollama/llama3:8b", "ollama:llama3:8b")]
    [InlineData("llama3:8b", "ollama:llama3:8b")]
    [InlineData("openrouter:meta-llama/llama-3-70b", "openrouter:meta-llama/llama-3-70b")]
    [InlineData("openrouter/meta-llama/llama-3-70b", "openrouter:meta-llama/llama-3-70b")]
    [InlineData("meta-llama/llama-3-70b", "openrouter:meta-llama/llama-3-70b")]
    [InlineData("ollama:gpt-4o", "ollama:gpt-4o")]
    public void TryResolve_AcceptedForms_ResolveToCanonicalName(string name, string canonical)
    {
        Assert.True(_catalog.TryResolve(name, out var model, out var reason), reason);
        Assert.Equal(canonical, model.CanonicalName);
    }

    [Fact]
    public void TryResolve_BareIdOfferedTwice_IsAmbiguousAndListsCandidates()
    {
        Assert.False(_catalog.TryResolve("gpt-4o", out _, out var reason));
        Assert.Contains("several providers", reason);
        Assert.Contains("openai:gpt-4o", reason);
        Assert.Contains("ollama:gpt-4o", reason);
    }

    [Fact]
    public void TryResolve_KnownProviderUnknownModel_SaysWhichProvider()
    {
        Assert.False(_catalog.TryResolve("openai:gpt-5-imaginary", out _, out var reason));
        Assert.Equal("The model 'gpt-5-imaginary' is not offered by provider 'openai'.", reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("nobody:nothing")]
    [InlineData("nothing")]
    [InlineData(":gpt-4o-mini")]
    public void TryResolve_UnknownNames_Fail(string name)
    {
        Assert.False(_catalog.TryResolve(name, out var model, out var reason));
        Assert.Null(model);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Fact]
    public void Models_ListsEveryModelInConfigurationOrder()
    {
        Assert.Equal(
            ["openai:gpt-4o-mini", "openai:gpt-4o", "ollama:llama3:8b", "ollama:gpt-4o", "openrouter:meta-llama/llama-3-70b"],
            _catalog.Models.Select(m => m.CanonicalName));
    }
}
