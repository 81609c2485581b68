using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Gateway.Policies;
using Switchboard.Server.Errors;

namespace Switchboard.Server.OpenAI;

/// <summary>
/// Resolves the name a <c>/v1</c> request is served by: the <c>x-switchboard-route</c> header when present (it wins over
/// the body's <c>model</c>, which is then not resolved), otherwise the body's <c>model</c>. Either may name a routing
/// policy, a route or a model.
/// </summary>
internal static class RouteOverrideHeader
{
    /// <summary>Sets <see cref="ChatOptions.ModelId"/> (and the override, if any) and returns the resolved name.</summary>
    /// <exception cref="ApiValidationException">The header is repeated, blank, or names nothing known (400).</exception>
    /// <exception cref="Abstractions.Errors.ModelNotFoundException">The body's model names nothing known (404).</exception>
    public static string Apply(HttpRequest request, string model, ChatOptions options, RoutingPolicyCatalog policies)
    {
        CacheControlHeader.Apply(request, options);
        var values = request.Headers[RoutingHeaders.Route];
        if (values.Count == 0)
        {
            if (!policies.TryResolveName(model, out var resolved, out var reason))
            {
                throw new Abstractions.Errors.ModelNotFoundException(reason);
            }

            options.ModelId = resolved;
            return resolved;
        }

        if (values.Count > 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            throw new ApiValidationException(RoutingHeaders.Route, $"Send one '{RoutingHeaders.Route}' header naming a route, routing policy or model.");
        }

        if (!policies.TryResolveName(values[0]!.Trim(), out var overridden, out var why))
        {
            throw new ApiValidationException(RoutingHeaders.Route, $"The '{RoutingHeaders.Route}' header names no route, routing policy or model. {why}");
        }

        options.ModelId = overridden;
        (options.AdditionalProperties ??= [])[ChatContentProperties.RouteOverride] = overridden;
        return overridden;
    }
}
