using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Errors;
using Switchboard.Agents.Definitions;
using Switchboard.Server.OpenAI;

namespace Switchboard.Server.Access;

/// <summary>Applies a key's allowed models: names outside the list do not exist for it.</summary>
internal static class ModelAllowance
{
    /// <summary>Refuses a model, route or policy the caller may not use, as if it did not exist.</summary>
    /// <exception cref="ModelNotFoundException">The caller may not use <paramref name="name"/>.</exception>
    public static void Check(HttpContext context, string? name)
    {
        if (!Allows(context, name))
        {
            throw new ModelNotFoundException($"The model '{name}' does not exist or this key may not use it.");
        }
    }

    /// <summary>Whether the caller may use a model, route or policy.</summary>
    public static bool Allows(HttpContext context, string? name)
    {
        if (context.Features.Get<CallerPrincipal>() is not { } caller || caller.MayUseModel(name))
        {
            return true;
        }

        // A short name ("gpt-4o") is allowed when the canonical one it resolves to ("openai:gpt-4o") is listed.
        return name is not null
            && context.RequestServices.GetService<IModelCatalog>() is { } catalog
            && catalog.TryResolve(name, out var resolved, out _)
            && caller.MayUseModel(resolved.CanonicalName);
    }

    /// <summary>
    /// Whether every model a conversation with an agent or team may reach (its agents' and their routers') is allowed
    /// by the caller's <c>allowed_models</c>; <c>allowed_agents</c> is checked apart.
    /// </summary>
    public static bool AllowsAgentModels(HttpContext context, AgentCatalog agents, string name) =>
        context.Features.Get<CallerPrincipal>() is not { Settings.AllowedModels.Count: > 0 }
        || agents.ReachableModels(name).All(model => Allows(context, model));

    /// <summary>Keeps the entries the caller may use.</summary>
    public static ModelList Filter(HttpContext context, ModelList list)
    {
        if (context.Features.Get<CallerPrincipal>() is not { Settings.AllowedModels.Count: > 0 } caller)
        {
            return list;
        }

        return list with { Data = [.. list.Data.Where(entry => caller.MayUseModel(entry.Id))] };
    }
}
