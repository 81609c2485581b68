using Switchboard.Gateway.Catalog;

namespace Switchboard.Gateway.Tests.Catalog;

public sealed class CatalogValidationTests
{
    [Fact]
    public void Build_ValidOptions_ReadsKeyFromNamedEnvironmentVariableAndDefaults()
    {
        var options = new ModelCatalogOptions();
        var provider = CatalogFixtures.Provider(models: ["gpt-4o-mini"]);
        provider.ApiKeyEnv = "MY_OPENAI_KEY";
        provider.Headers["OpenAI-Organization"] = "org-1";
        provider.Models[0].InputPricePerMillion = 0.15m;
        provider.Models[0].OutputPricePerMillion = 0.6m;
        options.Providers["openai"] = provider;

        var catalog = CatalogFixtures.Build(options, name => name == "MY_OPENAI_KEY" ? "sk-test" : null);

        var definition = Assert.Single(catalog.Providers);
        Assert.Equal("sk-test", definition.ApiKey);
        Assert.False(definition.IsMissingApiKey);
        Assert.Equal(TimeSpan.FromSeconds(300), definition.Timeout);
        Assert.Equal("org-1", definition.Headers["OpenAI-Organization"]);
        var model = Assert.Single(definition.Models);
        Assert.Equal("gpt-4o-mini", model.UpstreamId);
        Assert.Equal(0.0000615m, model.ComputeCost(10, 100)); // 10 x $0.15/1M + 100 x $0.60/1M
    }

    [Fact]
    public void Build_UnsetKeyVariable_MarksProviderMissingKeyWithoutFailing()
    {
        var options = new ModelCatalogOptions();
        var provider = CatalogFixtures.Provider(models: ["m"]);
        provider.ApiKeyEnv = "UNSET_VARIABLE";
        options.Providers["p"] = provider;

        var catalog = CatalogFixtures.Build(options);

        Assert.True(catalog.Providers[0].IsMissingApiKey);
    }

    [Fact]
    public void ComputeCost_UnknownPrice_IsNullNotZero()
    {
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["m"]);

        var model = CatalogFixtures.Build(options).Models[0].Model;

        Assert.False(model.HasPrices);
        Assert.Null(model.ComputeCost(1000, 1000));
    }

    [Theory]
    [InlineData(null, null, "1.1", HttpVersionPolicy.RequestVersionOrLower)]
    [InlineData("1.1", "RequestVersionOrHigher", "1.1", HttpVersionPolicy.RequestVersionOrHigher)]
    [InlineData("2", "RequestVersionExact", "2.0", HttpVersionPolicy.RequestVersionExact)]
    [InlineData(" 2.0 ", "requestversionorlower", "2.0", HttpVersionPolicy.RequestVersionOrLower)]
    public void Build_HttpVersionAndPolicy_AreReadIntoTheDefinition(string? version, string? policy, string expectedVersion, HttpVersionPolicy expectedPolicy)
    {
        var options = new ModelCatalogOptions();
        var provider = CatalogFixtures.Provider(models: ["m"]);
        provider.HttpVersion = version;
        provider.HttpVersionPolicy = policy;
        options.Providers["p"] = provider;

        var definition = Assert.Single(CatalogFixtures.Build(options).Providers);

        Assert.Equal(Version.Parse(expectedVersion), definition.HttpVersion);
        Assert.Equal(expectedPolicy, definition.HttpVersionPolicy);
    }

    [Theory]
    [InlineData("https://api.openai.com/v1", null, "max_completion_tokens")]
    [InlineData("http://127.0.0.1:8000/v1", null, "max_tokens")]
    [InlineData("https://api.openai.com/v1", "max_tokens", "max_tokens")]
    [InlineData("https://my.azure.example/v1", " max_completion_tokens ", "max_completion_tokens")]
    public void Build_MaxTokensField_DefaultsByHost(string baseUrl, string? configured, string expected)
    {
        var options = new ModelCatalogOptions();
        var provider = CatalogFixtures.Provider(baseUrl, "m");
        provider.MaxTokensField = configured;
        options.Providers["p"] = provider;

        Assert.Equal(expected, Assert.Single(CatalogFixtures.Build(options).Providers).MaxTokensField);
    }

    public static TheoryData<Action<ProviderOptions>, string> BadProviders => new()
    {
        { p => p.MaxTokensField = "max_output_tokens", "Switchboard:Providers:p:MaxTokensField: must be 'max_tokens' or 'max_completion_tokens'" },
        { p => p.Kind = null, "Switchboard:Providers:p:Kind: is required" },
        { p => p.Kind = "smoke-signals", "Switchboard:Providers:p:Kind: 'smoke-signals' is not a known provider kind" },
        { p => p.BaseUrl = null, "Switchboard:Providers:p:BaseUrl: is required" },
        { p => p.BaseUrl = "api.openai.com/v1", "Switchboard:Providers:p:BaseUrl: 'api.openai.com/v1' is not an absolute http or https URL" },
        { p => p.BaseUrl = "ftp://host/v1", "Switchboard:Providers:p:BaseUrl:" },
        { p => p.TimeoutSeconds = 0, "Switchboard:Providers:p:TimeoutSeconds:" },
        { p => p.TimeoutSeconds = -5, "Switchboard:Providers:p:TimeoutSeconds:" },
        { p => p.ApiKeyEnv = "sk-live-123", "Switchboard:Providers:p:ApiKeyEnv: must name an environment variable" },
        { p => p.HttpVersion = "1.5", "Switchboard:Providers:p:HttpVersion: '1.5' is not one of 1.1, 2.0" },
        { p => p.HttpVersion = "banana", "Switchboard:Providers:p:HttpVersion: 'banana' is not one of 1.1, 2.0" },
        { p => p.HttpVersion = "3.0", "Switchboard:Providers:p:HttpVersion: HTTP/3 is not supported" },
        { p => p.HttpVersionPolicy = "Exact", "Switchboard:Providers:p:HttpVersionPolicy: 'Exact' is not one of RequestVersionOrLower" },
        { p => p.HttpVersionPolicy = "2", "Switchboard:Providers:p:HttpVersionPolicy: '2' is not one of" },
        { p => p.Models.Clear(), "Switchboard:Providers:p:Models: list at least one model" },
        { p => p.Models[0].Id = "", "Switchboard:Providers:p:Models:0:Id: is required" },
        { p => p.Models[0].Id = "has space", "Switchboard:Providers:p:Models:0:Id:" },
        { p => p.Models.Add(new ModelOptions { Id = "M" }), "Switchboard:Providers:p:Models:1:Id: 'M' is listed twice" },
        { p => p.Models[0].ContextWindow = 0, "Switchboard:Providers:p:Models:0:ContextWindow:" },
        { p => { p.Models[0].InputPricePerMillion = -1; p.Models[0].OutputPricePerMillion = 1; }, "Switchboard:Providers:p:Models:0:InputPricePerMillion: must not be negative" },
        { p => { p.Models[0].InputPricePerMillion = 1; p.Models[0].OutputPricePerMillion = 1; p.Models[0].CachedInputPricePerMillion = -0.1m; }, "Switchboard:Providers:p:Models:0:CachedInputPricePerMillion: must not be negative" },
        { p => p.Models[0].CachedInputPricePerMillion = 0.1m, "Switchboard:Providers:p:Models:0:CachedInputPricePerMillion: needs InputPricePerMillion" },
        { p => { p.Models[0].InputPricePerMillion = 1; p.Models[0].OutputPricePerMillion = 1; p.Models[0].CacheWritePricePerMillion = -2; }, "Switchboard:Providers:p:Models:0:CacheWritePricePerMillion: must not be negative" },
        { p => p.Models[0].CacheWritePricePerMillion = 1.25m, "Switchboard:Providers:p:Models:0:CacheWritePricePerMillion: needs InputPricePerMillion" },
        { p => p.Models[0].InputPricePerMillion = 1, "Switchboard:Providers:p:Models:0: set both InputPricePerMillion and OutputPricePerMillion" },
    };

    [Theory]
    [MemberData(nameof(BadProviders))]
    public void Build_InvalidField_FailsNamingTheField(Action<ProviderOptions> breakIt, string expected)
    {
        var options = new ModelCatalogOptions();
        var provider = CatalogFixtures.Provider(models: ["m"]);
        breakIt(provider);
        options.Providers["p"] = provider;

        var exception = Assert.Throws<CatalogValidationException>(() => CatalogFixtures.Build(options));

        Assert.Contains(exception.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.Contains(expected, exception.Message);
    }

    [Theory]
    [InlineData("Open AI")]
    [InlineData("-leading")]
    [InlineData("UPPER")]
    [InlineData("a:b")]
    public void Build_BadProviderName_Fails(string name)
    {
        var options = new ModelCatalogOptions();
        options.Providers[name] = CatalogFixtures.Provider(models: ["m"]);

        var exception = Assert.Throws<CatalogValidationException>(() => CatalogFixtures.Build(options));

        Assert.StartsWith($"Switchboard:Providers:{name}:", exception.Errors.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SeveralProblems_ReportsAllOfThem()
    {
        var options = new ModelCatalogOptions();
        options.Providers["a"] = new ProviderOptions();
        options.Providers["b"] = CatalogFixtures.Provider("nope", "m");

        var exception = Assert.Throws<CatalogValidationException>(() => CatalogFixtures.Build(options));

        Assert.Equal(4, exception.Errors.Count); // a: Kind, BaseUrl, Models; b: BaseUrl
    }
}
