using Switchboard.Gateway.Catalog;

namespace Switchboard.Gateway.Tests.Catalog;

internal static class CatalogFixtures
{
    public static ProviderOptions Provider(string baseUrl = "https://api.example.com/v1", params string[] models)
    {
        var provider = new ProviderOptions { Kind = "openai", BaseUrl = baseUrl };
        foreach (var model in models)
        {
            provider.Models.Add(new ModelOptions { Id = model });
        }

        return provider;
    }

    public static ModelCatalog Build(ModelCatalogOptions options, Func<string, string?>? env = null) =>
        ModelCatalogBuilder.Build(options, ["openai"], env ?? (_ => null));

    /// <summary>openai: gpt-4o-mini, gpt-4o; ollama: llama3:8b, gpt-4o; openrouter: meta-llama/llama-3-70b.</summary>
    public static ModelCatalog Standard()
    {
        var options = new ModelCatalogOptions();
        options.Providers["openai"] = Provider(models: ["gpt-4o-mini", "gpt-4o"]);
        options.Providers["ollama"] = Provider("http://127.0.0.1:11434/v1", "llama3:8b", "gpt-4o");
        options.Providers["openrouter"] = Provider("https://openrouter.ai/api/v1", "meta-llama/llama-3-70b");
        return Build(options);
    }
}
