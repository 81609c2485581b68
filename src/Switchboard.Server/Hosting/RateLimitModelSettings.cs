using Switchboard.Gateway.RateLimits;

namespace Switchboard.Server.Hosting;

/// <summary>
/// Reads <c>Switchboard:RateLimits:Models</c>, whose keys are model names such as <c>openai:gpt-4o</c>. Configuration
/// takes every <c>:</c> as a level, so the binder sees a model <c>openai</c> with an unknown field <c>gpt-4o</c>, and the
/// limit of <c>openai:gpt-4o</c> was never applied. Here a name is the path down to the section that holds the limit.
/// </summary>
internal static class RateLimitModelSettings
{
    /// <summary>Replaces <paramref name="options"/>' model limits with those under <paramref name="models"/>, named by their full path.</summary>
    /// <exception cref="ConfigurationValidationException">A limit holds a value that is not a number.</exception>
    public static RateLimitOptions Apply(RateLimitOptions options, IConfigurationSection models)
    {
        options.Models.Clear();
        foreach (var child in models.GetChildren())
        {
            Walk(options, child, child.Key);
        }

        return options;
    }

    private static void Walk(RateLimitOptions options, IConfigurationSection section, string name)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0 || children.Any(IsLimitField))
        {
            options.Models[name] = StrictConfigurationBinder.Bind(section, new RateLimit());
        }

        foreach (var child in children.Where(c => !IsLimitField(c)))
        {
            Walk(options, child, name + ":" + child.Key);
        }
    }

    private static bool IsLimitField(IConfigurationSection section) =>
        section.Key.Equals(nameof(RateLimit.RequestsPerMinute), StringComparison.OrdinalIgnoreCase)
        || section.Key.Equals(nameof(RateLimit.TokensPerMinute), StringComparison.OrdinalIgnoreCase);
}
