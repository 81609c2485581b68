using System.Globalization;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Tools;
using Switchboard.Nlu.Classification;

namespace Switchboard.Agents.Runtime;

/// <summary>
/// Chooses the specialist for a user message. <see cref="RouterMode.Classifier"/>: the built-in classifier trained on
/// the routes' examples; <see cref="RouterMode.Llm"/>: the router's model, which must call one
/// <c>transfer_to_&lt;route&gt;</c> tool; <see cref="RouterMode.Hybrid"/>: the classifier when its confidence reaches
/// the threshold, the LLM otherwise. When nothing fits, a specialist that already has the conversation keeps it (a
/// follow-up such as an order number stays where it belongs); otherwise the default route takes it.
/// </summary>
public sealed class AgentRouter
{
    private readonly AgentCatalogSource _agents;
    private readonly IChatClient _pipeline;
    private readonly IModelCatalog _models;

    /// <summary>Initializes a new instance of the <see cref="AgentRouter"/> class with a fixed set of agents.</summary>
    public AgentRouter(AgentCatalog agents, IChatClient pipeline, IModelCatalog models)
        : this(new AgentCatalogSource(agents), pipeline, models)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AgentRouter"/> class with agents that can change.</summary>
    public AgentRouter(AgentCatalogSource agents, IChatClient pipeline, IModelCatalog models)
    {
        _agents = agents;
        _pipeline = pipeline;
        _models = models;
    }

    /// <summary>Decides; null means the current specialist keeps the conversation.</summary>
    public async Task<RouteDecision?> DecideAsync(
        AgentDefinition router,
        string? currentSpecialist,
        IReadOnlyList<ChatMessage> context,
        string message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(router);
        var settings = router.Router ?? throw new ArgumentException($"'{router.Name}' is not a router.", nameof(router));
        ExampleMatch? match = null;
        if (settings.Mode != RouterMode.Llm)
        {
            match = Classifier(settings).Match(message);
            if (match.Label is { } label && match.Confidence >= settings.Threshold)
            {
                return new RouteDecision(label, "classifier", $"The classifier chose '{label}'.", match.Confidence, null, null);
            }

            if (settings.Mode == RouterMode.Classifier)
            {
                return currentSpecialist is not null
                    ? null
                    : new RouteDecision(settings.Default, "classifier", $"No route fits (best '{match.BestGuess}' at {Format(match.Confidence)}); the default route takes it.", match.Confidence, null, null);
            }
        }

        var llm = await AskModelAsync(router, settings, context, cancellationToken).ConfigureAwait(false);
        if (llm is not null)
        {
            return llm;
        }

        return currentSpecialist is not null
            ? null
            : new RouteDecision(settings.Default, "llm", "The model chose no route; the default route takes it.", match?.Confidence, null, null);
    }

    private ExampleClassifier Classifier(RouterSettings settings)
    {
        var examples = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var route in settings.Routes)
        {
            examples[route] = route == AgentCatalog.HumanRoute ? settings.HumanExamples : _agents.Current.Find(route)?.Examples ?? [];
        }

        return ExampleClassifier.For(examples);
    }

    private async Task<RouteDecision?> AskModelAsync(AgentDefinition router, RouterSettings settings, IReadOnlyList<ChatMessage> context, CancellationToken cancellationToken)
    {
        var modelName = settings.Model ?? router.Model;
        if (!_models.TryGetRoute(modelName, out var model, out var reason))
        {
            throw new InvalidOperationException($"The router '{router.Name}' cannot use model '{modelName}': {reason}");
        }

        var tools = settings.Routes.Select(route => new TransferTool(route == AgentCatalog.HumanRoute
            ? new AgentDefinition { Name = AgentCatalog.HumanRoute, Model = "-", Description = "A person from the support team: complaints, and customers who ask for a person.", Examples = settings.HumanExamples }
            : _agents.Current.Find(route)!)).ToList();
        var options = new ChatOptions
        {
            ModelId = model.Name,
            Tools = [.. tools],
            ToolMode = ChatToolMode.RequireAny,
            Temperature = 0,
        };
        var messages = new List<ChatMessage>(context.Count + 1)
        {
            new(ChatRole.System, "Choose who should answer the customer's latest message by calling exactly one transfer tool. " + router.Instructions),
        };
        messages.AddRange(context.Where(m => m.Role != ChatRole.System));
        var response = await _pipeline.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().FirstOrDefault();
        var tool = call is null ? null : tools.FirstOrDefault(t => t.Name == call.Name);
        return tool is null
            ? null
            : new RouteDecision(tool.Target, "llm", $"The model chose '{tool.Target}'.", null, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount);
    }

    private static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
