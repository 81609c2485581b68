using Switchboard.Abstractions.Catalog;
using Switchboard.Agents.Tools.Http;
using Switchboard.Gateway.Catalog;
using Switchboard.Server.Agents;

namespace Switchboard.Server.Hosting;

/// <summary>Validates host settings at start-up; every error names its configuration field.</summary>
internal static class SwitchboardOptionsValidator
{
    /// <summary>Checks every section and throws one exception listing all problems.</summary>
    public static void Validate(Gateway.Routing.CircuitBreakerSettings circuits, ServerOptions server, StorageOptions storage, ChatOptionsSection chat, AgentOptions agents, Telemetry.TelemetryOptions telemetry, Access.AccessOptions access, Gateway.Governance.BudgetOptions budgets, Gateway.RateLimits.RateLimitOptions rateLimits, Gateway.Caching.ResponseCacheOptions cache, Func<IModelCatalog> catalogFactory, Func<Gateway.Policies.RoutingPolicyCatalog> policiesFactory, Func<Switchboard.Agents.Runtime.AgentRuntime> agentsFactory)
    {
        var errors = new List<string>(circuits.Validate());
        errors.AddRange(telemetry.Validate());
        errors.AddRange(access.Validate());
        errors.AddRange(budgets.Validate());
        errors.AddRange(rateLimits.Validate());
        errors.AddRange(cache.Validate());
        IModelCatalog? catalog = null;
        try
        {
            catalog = catalogFactory();
        }
        catch (CatalogValidationException exception)
        {
            errors.AddRange(exception.Errors);
        }

        // A body is read into one array, with one byte to spare for the read that finds its end.
        if (server.MaxRequestBodyBytes <= 0 || server.MaxRequestBodyBytes > ServerOptions.MaxRequestBodyBytesLimit)
        {
            errors.Add($"{ServerOptions.Section}:MaxRequestBodyBytes: must be a positive number of bytes, at most {ServerOptions.MaxRequestBodyBytesLimit}, as a request body is held in one array (got {server.MaxRequestBodyBytes}).");
        }

        if (!(server.ShutdownTimeoutSeconds >= 0 && server.ShutdownTimeoutSeconds <= 86_400))
        {
            errors.Add($"{ServerOptions.Section}:ShutdownTimeoutSeconds: must be between 0 and 86400 seconds (one day).");
        }

        if (server.LogFormat is not ("json" or "simple"))
        {
            errors.Add($"{ServerOptions.Section}:LogFormat: must be 'json' or 'simple' (got '{server.LogFormat}').");
        }

        if (string.IsNullOrWhiteSpace(server.Urls) || server.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length == 0)
        {
            errors.Add($"{ServerOptions.Section}:Urls: is required.");
        }
        else
        {
            foreach (var url in server.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(u => !IsListenAddress(u)))
            {
                errors.Add($"{ServerOptions.Section}:Urls: '{url}' is not an address to listen on; give scheme, host and port, such as http://127.0.0.1:8080 (no path).");
            }
        }

        if (string.IsNullOrWhiteSpace(storage.DataDirectory))
        {
            errors.Add($"{StorageOptions.Section}:DataDirectory: is required.");
        }

        if (chat.MaxHistoryMessages < 1)
        {
            errors.Add($"{ChatOptionsSection.Section}:MaxHistoryMessages: must be at least 1.");
        }

        // Policies route into the catalog, and the agents' pipeline needs the policies: each is built only when the
        // one before it was.
        var policiesBuilt = false;
        if (catalog is not null)
        {
            try
            {
                var policies = policiesFactory();
                policiesBuilt = true;

                // Calls reach the limiter under canonical names (provider:model, a route, a policy): any other spelling
                // would be accepted and never match.
                foreach (var name in rateLimits.Models.Keys)
                {
                    if (!policies.TryResolveName(name, out var resolved, out var why))
                    {
                        errors.Add($"{Gateway.RateLimits.RateLimitOptions.Section}:Models:{name}: {why}");
                    }
                    else if (!string.Equals(resolved, name, StringComparison.OrdinalIgnoreCase))
                    {
                        errors.Add($"{Gateway.RateLimits.RateLimitOptions.Section}:Models:{name}: write the name calls are counted under, '{resolved}'.");
                    }
                }
            }
            catch (CatalogValidationException exception)
            {
                errors.AddRange(exception.Errors);
            }
        }

        if (catalog is not null && chat.DefaultModel is { } model && !catalog.TryResolve(model, out _, out var reason))
        {
            errors.Add($"{ChatOptionsSection.Section}:DefaultModel: {reason}");
        }

        CheckBaseUrl(errors, nameof(AgentOptions.WeatherBaseUrl), agents.WeatherBaseUrl);
        CheckBaseUrl(errors, nameof(AgentOptions.SearchBaseUrl), agents.SearchBaseUrl);
        errors.AddRange(HttpToolOptionsValidator.Validate(agents.HttpTools, AgentServiceCollectionExtensions.HttpToolsSection));
        errors.AddRange(agents.ToolCache.Validate());

        if (policiesBuilt)
        {
            try
            {
                _ = agentsFactory();
            }
            catch (Switchboard.Agents.Definitions.AgentDefinitionException exception)
            {
                errors.AddRange(exception.Errors.Count > 0 ? exception.Errors : [exception.Message]);
            }
            catch (ArgumentException) when (errors.Count > 0)
            {
                // The agents' pipeline is built from the sections above; a stage's constructor refused a setting that is
                // already in the list, by its field.
            }
        }

        if (errors.Count > 0)
        {
            // Building the agents re-checks the HTTP tools and the tool cache, so their errors may come twice.
            throw new ConfigurationValidationException([.. errors.Distinct(StringComparer.Ordinal)]);
        }
    }

    private static void CheckBaseUrl(List<string> errors, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && AgentServiceCollectionExtensions.HttpBaseUrl(value) is null)
        {
            errors.Add($"{AgentOptions.Section}:{field}: must be an absolute http or https URL without a query or fragment (got '{value}').");
        }
    }

    /// <summary>
    /// Whether Kestrel can listen on <paramref name="url"/>: <c>http://</c> or <c>https://</c>, a host (a name, an
    /// address, <c>*</c>, <c>+</c>, or <c>unix:/path</c>) and an optional port, and no path. Anything else made Kestrel
    /// throw while starting, with a stack trace and no field named.
    /// </summary>
    private static bool IsListenAddress(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0 || !(url[..scheme].Equals("http", StringComparison.OrdinalIgnoreCase) || url[..scheme].Equals("https", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var rest = url[(scheme + 3)..];
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            return rest.Length > "unix:".Length;
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        if (slash >= 0 && rest.Length > slash + 1)
        {
            return false;
        }

        if (authority.Length == 0)
        {
            return false;
        }

        // A port, when given, is a number; "*" and "+" stand for every address.
        var hostEnd = authority.StartsWith('[') ? authority.IndexOf(']', StringComparison.Ordinal) + 1 : authority.LastIndexOf(':');
        if (hostEnd <= 0 || hostEnd >= authority.Length)
        {
            return hostEnd != 0 && authority.Length > 0 && !authority.Contains(' ', StringComparison.Ordinal);
        }

        return authority[hostEnd] == ':' && int.TryParse(authority[(hostEnd + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535;
    }
}
