using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Switchboard.Abstractions.Catalog;

namespace Switchboard.Gateway.Catalog;

/// <summary>Validates <see cref="ModelCatalogOptions"/> and builds the immutable <see cref="ModelCatalog"/>.</summary>
public static partial class ModelCatalogBuilder
{
    /// <summary>
    /// The longest timeout or retry delay, one day. Longer ones would fail at run time, on every call: Polly takes
    /// delays up to a day, and a cancellation timer at most about 49 days.
    /// </summary>
    private const double MaxSeconds = 86_400;

    /// <summary>
    /// Validates the options and builds the catalog.
    /// </summary>
    /// <param name="options">The bound configuration.</param>
    /// <param name="knownKinds">The provider kinds that have a registered factory.</param>
    /// <param name="getEnvironmentVariable">Reads an environment variable (injected so tests need no real environment).</param>
    /// <param name="sectionPath">The configuration path of the options, used in error messages.</param>
    /// <param name="localKinds">Kinds that run in process and need no base URL (e.g. <c>builtin</c>).</param>
    /// <exception cref="CatalogValidationException">Any field is invalid; the message names each one.</exception>
    public static ModelCatalog Build(
        ModelCatalogOptions options,
        IReadOnlyCollection<string> knownKinds,
        Func<string, string?> getEnvironmentVariable,
        string sectionPath = "Switchboard",
        IReadOnlyCollection<string>? localKinds = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(knownKinds);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);

        var errors = new List<string>();
        var providers = new List<ProviderDefinition>();
        foreach (var (name, provider) in options.Providers)
        {
            if (!provider.Enabled)
            {
                continue;
            }

            var path = $"{sectionPath}:Providers:{name}";
            if (!ProviderNamePattern().IsMatch(name))
            {
                errors.Add($"{path}: provider names use lower-case letters, digits, '-' and '_' and start with a letter or digit.");
            }

            var local = provider.Kind is not null && localKinds?.Contains(provider.Kind, StringComparer.OrdinalIgnoreCase) == true;
            var definition = BuildProvider(name, provider, path, knownKinds, getEnvironmentVariable, errors, local);
            if (definition is not null)
            {
                providers.Add(definition);
            }
        }

        if (errors.Count > 0)
        {
            throw new CatalogValidationException(errors);
        }

        var models = new ModelCatalog(providers); // resolves the routes' targets
        var defaults = BuildRetries(options.Retries, $"{sectionPath}:Retries", errors);
        var routes = new List<RouteDefinition>();
        foreach (var (name, route) in options.Routes)
        {
            var path = $"{sectionPath}:Routes:{name}";
            if (!RouteNamePattern().IsMatch(name))
            {
                errors.Add($"{path}: route names use lower-case letters, digits, '.', '-' and '_' (no ':' or '/').");
            }

            // Routes are looked up before models: a route named like a model id would hide that model, and a key
            // allowed only that model would reach the route's other targets through it.
            if (models.Models.FirstOrDefault(m => string.Equals(m.Model.Id, name, StringComparison.OrdinalIgnoreCase)) is { } shadowed)
            {
                errors.Add($"{path}: '{name}' is also a model ({shadowed.CanonicalName}); a route needs a name of its own.");
            }

            if (route.Targets.Count == 0)
            {
                errors.Add($"{path}:Targets: list at least one model.");
            }

            var targets = new List<ResolvedModel>();
            for (var i = 0; i < route.Targets.Count; i++)
            {
                if (models.TryResolve(route.Targets[i], out var target, out var reason))
                {
                    targets.Add(target);
                }
                else
                {
                    errors.Add($"{path}:Targets:{i.ToString(CultureInfo.InvariantCulture)}: {reason}");
                }
            }

            var strategy = route.Strategy?.ToLowerInvariant() switch
            {
                null or "ordered" => RouteStrategy.Ordered,
                "weighted" => RouteStrategy.Weighted,
                "least-busy" or "least_busy" => RouteStrategy.LeastBusy,
                var other => Invalid(errors, $"{path}:Strategy: '{other}' is not one of ordered, weighted, least-busy."),
            };
            if (route.Weights.Count > 0 && (route.Weights.Count != route.Targets.Count || route.Weights.Any(w => !(w > 0) || double.IsInfinity(w))))
            {
                errors.Add($"{path}:Weights: give one positive weight per target ({route.Targets.Count}), or none.");
            }

            var retries = BuildRetries(route, path, errors);
            routes.Add(retries with
            {
                Name = name.ToLowerInvariant(),
                Targets = targets,
                Strategy = strategy,
                Weights = route.Weights.Count == route.Targets.Count ? [.. route.Weights] : [.. route.Targets.Select(_ => 1.0)],
            });
        }

        if (errors.Count > 0)
        {
            throw new CatalogValidationException(errors);
        }

        return new ModelCatalog(providers, routes, defaults);
    }

    private static RouteStrategy Invalid(List<string> errors, string error)
    {
        errors.Add(error);
        return RouteStrategy.Ordered;
    }

    private static string InvalidField(List<string> errors, string error)
    {
        errors.Add(error);
        return "max_tokens";
    }

    private static RouteDefinition BuildRetries(RouteOptions options, string path, List<string> errors)
    {
        var attempts = options.MaxAttempts ?? RouteOptions.DefaultMaxAttempts;
        if (attempts is < 1 or > 10)
        {
            errors.Add($"{path}:MaxAttempts: must be between 1 and 10.");
        }

        var delay = options.RetryBaseDelayMs ?? RouteOptions.DefaultRetryBaseDelayMs;
        if (!(delay >= 0 && delay <= MaxSeconds * 1000))
        {
            errors.Add($"{path}:RetryBaseDelayMs: must be between 0 and {MaxSeconds * 1000} milliseconds (one day).");
        }

        var retryAfter = options.MaxRetryAfterSeconds ?? RouteOptions.DefaultMaxRetryAfterSeconds;
        if (!(retryAfter >= 0 && retryAfter <= MaxSeconds))
        {
            errors.Add($"{path}:MaxRetryAfterSeconds: must be between 0 and {MaxSeconds} seconds (one day).");
        }

        // Clamped so that a value already reported above cannot throw here instead (TimeSpan overflows).
        return new RouteDefinition(
            string.Empty,
            [],
            Math.Clamp(attempts, 1, 10),
            TimeSpan.FromMilliseconds(double.IsFinite(delay) && delay > 0 ? Math.Min(delay, MaxSeconds * 1000) : 0),
            TimeSpan.FromSeconds(double.IsFinite(retryAfter) && retryAfter > 0 ? Math.Min(retryAfter, MaxSeconds) : 0));
    }

    private static ProviderDefinition? BuildProvider(
        string name,
        ProviderOptions provider,
        string path,
        IReadOnlyCollection<string> knownKinds,
        Func<string, string?> getEnvironmentVariable,
        List<string> errors,
        bool local)
    {
        var errorCount = errors.Count;
        if (string.IsNullOrWhiteSpace(provider.Kind))
        {
            errors.Add($"{path}:Kind: is required (one of: {string.Join(", ", knownKinds)}).");
        }
        else if (!knownKinds.Contains(provider.Kind, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{path}:Kind: '{provider.Kind}' is not a known provider kind (known: {string.Join(", ", knownKinds)}).");
        }

        Uri? baseUrl = null;
        if (local && string.IsNullOrWhiteSpace(provider.BaseUrl))
        {
            baseUrl = new Uri($"{provider.Kind!.ToLowerInvariant()}://{name.ToLowerInvariant()}/");
        }
        else if (string.IsNullOrWhiteSpace(provider.BaseUrl))
        {
            errors.Add($"{path}:BaseUrl: is required.");
        }
        else if (!Uri.TryCreate(provider.BaseUrl, UriKind.Absolute, out baseUrl)
            || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{path}:BaseUrl: '{provider.BaseUrl}' is not an absolute http or https URL.");
        }

        var timeoutSeconds = provider.TimeoutSeconds ?? ProviderOptions.DefaultTimeoutSeconds;
        if (!(timeoutSeconds > 0 && timeoutSeconds <= MaxSeconds))
        {
            errors.Add($"{path}:TimeoutSeconds: must be a positive number of seconds, at most {MaxSeconds} (one day).");
        }

        var firstToken = provider.FirstTokenTimeoutSeconds ?? 60;
        if (!(firstToken > 0 && firstToken <= MaxSeconds))
        {
            errors.Add($"{path}:FirstTokenTimeoutSeconds: must be a positive number of seconds, at most {MaxSeconds} (one day).");
        }

        if (provider.ApiKeyHeader is { } header && (header.Length == 0 || header.Any(c => c <= ' ' || c == ':' || c > '~')))
        {
            errors.Add($"{path}:ApiKeyHeader: '{header}' is not an HTTP header name.");
        }

        var httpVersion = ParseHttpVersion(provider.HttpVersion, path, errors);
        var versionPolicy = ParseVersionPolicy(provider.HttpVersionPolicy, path, errors);

        string? apiKey = null;
        if (provider.ApiKeyEnv is not null)
        {
            if (!EnvironmentVariablePattern().IsMatch(provider.ApiKeyEnv))
            {
                errors.Add($"{path}:ApiKeyEnv: must name an environment variable (letters, digits and '_'), not hold the key itself.");
            }
            else
            {
                apiKey = getEnvironmentVariable(provider.ApiKeyEnv);
            }
        }

        if (provider.Models.Count == 0)
        {
            errors.Add($"{path}:Models: list at least one model.");
        }

        var models = new List<ModelDefinition>(provider.Models.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < provider.Models.Count; i++)
        {
            var model = BuildModel(provider.Models[i], $"{path}:Models:{i.ToString(CultureInfo.InvariantCulture)}", errors);
            if (model is null)
            {
                continue;
            }

            if (!seen.Add(model.Id))
            {
                errors.Add($"{path}:Models:{i.ToString(CultureInfo.InvariantCulture)}:Id: '{model.Id}' is listed twice.");
            }

            models.Add(model);
        }

        var maxTokensField = provider.MaxTokensField?.Trim() switch
        {
            null or "" => string.Equals(baseUrl?.Host, "api.openai.com", StringComparison.OrdinalIgnoreCase) ? "max_completion_tokens" : "max_tokens",
            "max_tokens" or "max_completion_tokens" => provider.MaxTokensField.Trim(),
            var other => InvalidField(errors, $"{path}:MaxTokensField: must be 'max_tokens' or 'max_completion_tokens' (got '{other}')."),
        };

        if (errors.Count > errorCount)
        {
            return null;
        }

        return new ProviderDefinition(
            name.ToLowerInvariant(),
            provider.Kind!.ToLowerInvariant(),
            baseUrl!,
            provider.ApiKeyEnv,
            apiKey,
            TimeSpan.FromSeconds(timeoutSeconds),
            new Dictionary<string, string>(provider.Headers, StringComparer.OrdinalIgnoreCase),
            models)
        {
            FirstTokenTimeout = TimeSpan.FromSeconds(firstToken),
            ApiKeyHeader = string.IsNullOrWhiteSpace(provider.ApiKeyHeader) ? null : provider.ApiKeyHeader.Trim(),
            HttpVersion = httpVersion,
            HttpVersionPolicy = versionPolicy,
            MaxTokensField = maxTokensField,
        };
    }

    private static Version ParseHttpVersion(string? value, string path, List<string> errors)
    {
        switch (value?.Trim())
        {
            case null or "" or "1.1":
                return HttpVersion.Version11;
            case "2" or "2.0":
                return HttpVersion.Version20;
            case "3" or "3.0":
                // HTTP/3 needs QUIC (libmsquic on Linux) and https; it is not offered until it can be tested end to end.
                errors.Add($"{path}:HttpVersion: HTTP/3 is not supported; use 1.1 or 2.0.");
                return HttpVersion.Version11;
            default:
                errors.Add($"{path}:HttpVersion: '{value}' is not one of 1.1, 2.0.");
                return HttpVersion.Version11;
        }
    }

    private static HttpVersionPolicy ParseVersionPolicy(string? value, string path, List<string> errors)
    {
        // Names only: Enum.TryParse would also take numbers and comma-separated lists.
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Equals(nameof(HttpVersionPolicy.RequestVersionOrLower), StringComparison.OrdinalIgnoreCase))
        {
            return HttpVersionPolicy.RequestVersionOrLower;
        }

        if (trimmed.Equals(nameof(HttpVersionPolicy.RequestVersionOrHigher), StringComparison.OrdinalIgnoreCase))
        {
            return HttpVersionPolicy.RequestVersionOrHigher;
        }

        if (trimmed.Equals(nameof(HttpVersionPolicy.RequestVersionExact), StringComparison.OrdinalIgnoreCase))
        {
            return HttpVersionPolicy.RequestVersionExact;
        }

        errors.Add($"{path}:HttpVersionPolicy: '{value}' is not one of RequestVersionOrLower, RequestVersionOrHigher, RequestVersionExact.");
        return HttpVersionPolicy.RequestVersionOrLower;
    }

    private static ModelDefinition? BuildModel(ModelOptions model, string path, List<string> errors)
    {
        var errorCount = errors.Count;
        if (string.IsNullOrWhiteSpace(model.Id))
        {
            errors.Add($"{path}:Id: is required.");
        }
        else if (model.Id.Any(char.IsWhiteSpace))
        {
            errors.Add($"{path}:Id: '{model.Id}' must not contain white space.");
        }

        if (model.FirstTokenTimeoutSeconds is { } firstToken && !(firstToken > 0 && firstToken <= MaxSeconds))
        {
            errors.Add($"{path}:FirstTokenTimeoutSeconds: must be a positive number of seconds, at most {MaxSeconds} (one day).");
        }

        if (model.TimeoutSeconds is { } timeout && !(timeout > 0 && timeout <= MaxSeconds))
        {
            errors.Add($"{path}:TimeoutSeconds: must be a positive number of seconds, at most {MaxSeconds} (one day).");
        }

        if (model.ContextWindow is <= 0)
        {
            errors.Add($"{path}:ContextWindow: must be a positive number of tokens.");
        }

        if (model.InputPricePerMillion is < 0)
        {
            errors.Add($"{path}:InputPricePerMillion: must not be negative.");
        }

        if (model.OutputPricePerMillion is < 0)
        {
            errors.Add($"{path}:OutputPricePerMillion: must not be negative.");
        }

        if (model.InputPricePerMillion is null != model.OutputPricePerMillion is null)
        {
            errors.Add($"{path}: set both InputPricePerMillion and OutputPricePerMillion, or neither (the price is then unknown).");
        }

        if (model.CachedInputPricePerMillion is < 0)
        {
            errors.Add($"{path}:CachedInputPricePerMillion: must not be negative.");
        }
        else if (model.CachedInputPricePerMillion is not null && model.InputPricePerMillion is null)
        {
            errors.Add($"{path}:CachedInputPricePerMillion: needs InputPricePerMillion and OutputPricePerMillion, or the model has no price to refine.");
        }

        if (model.CacheWritePricePerMillion is < 0)
        {
            errors.Add($"{path}:CacheWritePricePerMillion: must not be negative.");
        }
        else if (model.CacheWritePricePerMillion is not null && model.InputPricePerMillion is null)
        {
            errors.Add($"{path}:CacheWritePricePerMillion: needs InputPricePerMillion and OutputPricePerMillion, or the model has no price to refine.");
        }

        if (errors.Count > errorCount)
        {
            return null;
        }

        return new ModelDefinition(
            model.Id!,
            string.IsNullOrWhiteSpace(model.UpstreamId) ? model.Id! : model.UpstreamId,
            model.ContextWindow,
            model.InputPricePerMillion,
            model.OutputPricePerMillion)
        {
            FirstTokenTimeout = model.FirstTokenTimeoutSeconds is { } modelFirstToken ? TimeSpan.FromSeconds(modelFirstToken) : null,
            Timeout = model.TimeoutSeconds is { } modelTimeout ? TimeSpan.FromSeconds(modelTimeout) : null,
            CachedInputPricePerMillion = model.CachedInputPricePerMillion,
            CacheWritePricePerMillion = model.CacheWritePricePerMillion,
        };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*\\z")]
    private static partial Regex ProviderNamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*\\z")]
    private static partial Regex EnvironmentVariablePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*\\z")]
    private static partial Regex RouteNamePattern();
}
