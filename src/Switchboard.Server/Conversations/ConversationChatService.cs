using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Conversations;
using Switchboard.Server.Errors;
using Switchboard.Server.Hosting;

namespace Switchboard.Server.Conversations;

/// <summary>
/// Runs one exchange of a stored conversation: stores the user's message first (so it is never lost, even if the model
/// fails), sends the history through the model pipeline, and stores the reply with its model, tokens and latency. The
/// same text posted again while the conversation's last message is that unanswered text is a retry and is not stored
/// twice.
/// </summary>
internal sealed class ConversationChatService
{
    private readonly IConversationStore _store;
    private readonly Gateway.Policies.RoutingPolicyCatalog _catalog;
    private readonly IChatClient _pipeline;
    private readonly ChatOptionsSection _chat;
    private readonly TimeProvider _timeProvider;
    private readonly Switchboard.Agents.Runtime.ConversationLocks _locks = new();

    public ConversationChatService(
        IConversationStore store,
        Gateway.Policies.RoutingPolicyCatalog catalog,
        IChatClient pipeline,
        ChatOptionsSection chat,
        TimeProvider timeProvider)
    {
        _store = store;
        _catalog = catalog;
        _pipeline = pipeline;
        _chat = chat;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Waits until no other exchange of the conversation is running; dispose the result when the reply is stored. Two
    /// messages sent at once are answered one after the other, each with the other in its history, instead of both
    /// replies missing the other message and the history pairing answers with the wrong questions.
    /// </summary>
    public Task<IDisposable> LockAsync(string conversationId, CancellationToken cancellationToken) =>
        _locks.AcquireAsync(conversationId, cancellationToken);

    /// <summary>Validates the request, stores the user's message and prepares the model call (hold <see cref="LockAsync"/> until the reply is stored).</summary>
    public async Task<PreparedExchange> PrepareAsync(Conversation conversation, PostMessageRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Content))
        {
            throw new ApiValidationException("content", "'content' is required and must not be blank.");
        }

        if (request.Temperature is < 0 or > 2)
        {
            throw new ApiValidationException("temperature", "'temperature' must be between 0 and 2.");
        }

        if (request.MaxTokens is < 1)
        {
            throw new ApiValidationException("max_tokens", "'max_tokens' must be at least 1.");
        }

        var model = ResolveModel(conversation, request.Model);
        var history = await _store.GetHistoryAsync(conversation.Id, _chat.MaxHistoryMessages, cancellationToken);
        ConversationMessage user;
        if (UnansweredRetry.Find(history, request.Content) is { } unanswered)
        {
            // The same text again after it got no reply (the model call was refused or failed, or its reply broke off):
            // a retry, not a second message, so the conversation does not hold it twice. The model gets the history
            // before it, without the broken-off reply.
            user = unanswered;
            history = history.TakeWhile(m => m.Id != unanswered.Id).ToList();
        }
        else
        {
            user = (await _store.AppendAsync(conversation.Id, [new NewMessage("user", request.Content)], cancellationToken))[0];
        }

        var messages = new List<ChatMessage>(history.Count + 1);
        messages.AddRange(history.ToChatMessages());
        messages.Add(new ChatMessage(ChatRole.User, request.Content));
        var options = new ChatOptions
        {
            ModelId = model,
            Temperature = request.Temperature,
            MaxOutputTokens = request.MaxTokens,
        };
        return new PreparedExchange(conversation.Id, model, user, messages, options, _timeProvider.GetTimestamp());
    }

    /// <summary>Stores the assistant's reply.</summary>
    /// <param name="exchange">The exchange.</param>
    /// <param name="text">The reply text.</param>
    /// <param name="calls">The tool calls it asked for.</param>
    /// <param name="usage">The call's usage.</param>
    /// <param name="finishReason">Why the model stopped.</param>
    /// <param name="servedBy">The model that answered as the pipeline reported it (the target a route or policy chose); null when unknown.</param>
    /// <param name="provider">The provider that answered; null when unknown.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<ConversationMessage> StoreReplyAsync(
        PreparedExchange exchange,
        string text,
        IReadOnlyList<FunctionCallContent> calls,
        UsageDetails? usage,
        string? finishReason,
        string? servedBy,
        string? provider,
        CancellationToken cancellationToken)
    {
        var reply = new NewMessage("assistant", text)
        {
            ToolCalls = calls.Select(c => new ToolCallRecord(c.CallId, c.Name, ToolCallArguments.GetJson(c))).ToList(),
            Model = servedBy ?? exchange.Model,
            Provider = provider ?? (_catalog.Models.TryResolve(exchange.Model, out var direct, out _) ? direct.Provider.Name : null),
            PromptTokens = usage?.InputTokenCount,
            CompletionTokens = usage?.OutputTokenCount,
            LatencyMs = (long)_timeProvider.GetElapsedTime(exchange.StartedAt).TotalMilliseconds,
            FinishReason = finishReason,
        };
        var stored = await _store.AppendAsync(exchange.ConversationId, [reply], cancellationToken);
        return stored[0];
    }

    /// <summary>Runs the exchange without streaming.</summary>
    public async Task<(ConversationMessage User, ConversationMessage Assistant)> SendAsync(
        Conversation conversation,
        PostMessageRequest request,
        CancellationToken cancellationToken)
    {
        using var exclusive = await LockAsync(conversation.Id, cancellationToken);
        var exchange = await PrepareAsync(conversation, request, cancellationToken);
        var response = await _pipeline.GetResponseAsync(exchange.Messages, exchange.Options, cancellationToken);
        var contents = response.Messages.SelectMany(m => m.Contents).ToList();
        var assistant = await StoreReplyAsync(
            exchange,
            string.Concat(contents.OfType<TextContent>().Select(t => t.Text)),
            contents.OfType<FunctionCallContent>().ToList(),
            response.Usage,
            Providers.OpenAI.Wire.OpenAIFinishReasons.Write(response.FinishReason),
            response.ModelId,
            response.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.Provider) as string,
            CancellationToken.None);
        return (exchange.UserMessage, assistant);
    }

    /// <summary>The name of the model a message will be answered by, as given (in the message, the conversation or the defaults); null when none is.</summary>
    public string? ModelName(Conversation conversation, string? requested) => requested ?? conversation.Model ?? _chat.DefaultModel;

    /// <summary>Resolves the model, route or policy to call; the result goes down the pipeline as <c>ModelId</c>.</summary>
    private string ResolveModel(Conversation conversation, string? requested)
    {
        var name = ModelName(conversation, requested);
        if (name is null)
        {
            throw new ApiValidationException(
                "model",
                "No model: name one in the message, in the conversation, or set Switchboard:Chat:DefaultModel.");
        }

        return _catalog.TryResolveName(name, out var resolved, out var reason)
            ? resolved
            : throw new ApiValidationException("model", reason);
    }
}
