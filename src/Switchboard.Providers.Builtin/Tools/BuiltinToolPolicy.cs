using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Nlu.Classification;
using Switchboard.Nlu.Slots;
using Switchboard.Nlu.Text;

namespace Switchboard.Providers.Builtin.Tools;

/// <summary>
/// How the <c>builtin</c> model uses tools, offline: it chooses a tool by the tools' example utterances (a small
/// classifier, trained once per tool set) and fills the arguments from what it extracts from the conversation (order
/// numbers, e-mail addresses, amounts, dates, addresses, expressions, places, or the message itself). When a required
/// value is missing it asks for it. After the tools ran it answers from their results (a result's <c>message</c>, or
/// its <c>error</c>). When no tool fits it returns null and the knowledge base answers.
/// </summary>
internal sealed class BuiltinToolPolicy
{
    /// <summary>The lowest confidence at which a tool is chosen.</summary>
    public const double MinConfidence = 0.5;

    private const string TransferPrefix = "transfer_to_";

    private readonly SlotExtractor _slots = new();

    public BuiltinToolResult? Decide(IReadOnlyList<ChatMessage> messages, IList<AITool> tools, DateOnly today)
    {
        var lastUser = -1;
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == ChatRole.User)
            {
                lastUser = i;
                break;
            }
        }

        if (lastUser < 0)
        {
            return null;
        }

        var question = BuiltinAnswerer.Cap(messages[lastUser].Text);
        var chinese = question.EnumerateRunes().Any(TextNormalizer.IsCjk);
        // A caller's history may repeat a call id: the first call with it names it.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var earlier in messages.Skip(lastUser).SelectMany(m => m.Contents).OfType<FunctionCallContent>())
        {
            names.TryAdd(earlier.CallId, earlier.Name);
        }

        var results = messages.Skip(lastUser).SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToList();
        var answered = results.Where(r => !names.GetValueOrDefault(r.CallId, string.Empty).StartsWith(TransferPrefix, StringComparison.Ordinal)).ToList();
        if (answered.Count > 0)
        {
            // A knowledge-base answer may hold {{type}} placeholders: filled from what the customer said (latest
            // first), or dropped, as the builtin model's own FAQ answers are.
            var said = messages.Take(lastUser + 1).Where(m => m.Role == ChatRole.User).Reverse()
                .SelectMany(m => _slots.Extract(BuiltinAnswerer.Cap(m.Text), today)).ToList();
            var text = BuiltinAnswerer.Fill(string.Join("\n", answered.Select(r => Describe(r.Result, chinese))), said);
            return new BuiltinToolResult(text, null, "tool_result", 1, names.GetValueOrDefault(answered[0].CallId));
        }

        var transferred = results.Count > 0;
        var candidates = tools.OfType<AIFunctionDeclaration>()
            .Where(t => !(transferred && t.Name.StartsWith(TransferPrefix, StringComparison.Ordinal)))
            .Select(t => (Tool: t, Examples: Examples(t)))
            .Where(t => t.Examples.Count > 0)
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var classifier = ExampleClassifier.For(candidates.ToDictionary(c => c.Tool.Name, c => c.Examples, StringComparer.Ordinal));
        var match = classifier.Match(question);
        if (match.Label is null || match.Confidence < MinConfidence)
        {
            return null;
        }

        var tool = candidates.First(c => c.Tool.Name == match.Label).Tool;
        var userTexts = messages.Take(lastUser + 1).Where(m => m.Role == ChatRole.User).Select(m => m.Text).Reverse().ToList();
        var (arguments, missing) = Fill(tool, question, userTexts, today);
        if (missing.Count > 0)
        {
            var ask = chinese ? $"请提供{string.Join("、", missing.Select(m => m.Chinese))}。" : $"To do that I need {string.Join(" and ", missing.Select(m => m.English))}.";
            return new BuiltinToolResult(ask, null, "ask", match.Confidence, tool.Name);
        }

        var call = ToolCallArguments.CreateCall("call_" + Guid.NewGuid().ToString("N")[..24], tool.Name, arguments.ToJsonString());
        return new BuiltinToolResult(null, call, "tool_call", match.Confidence, tool.Name);
    }

    private static IReadOnlyList<string> Examples(AIFunctionDeclaration tool) =>
        tool.AdditionalProperties.TryGetValue(ChatContentProperties.ToolExamples, out var value) && value is IReadOnlyList<string> examples
            ? examples
            : [];

    private (JsonObject Arguments, List<(string English, string Chinese)> Missing) Fill(AIFunctionDeclaration tool, string question, IReadOnlyList<string> userTexts, DateOnly today)
    {
        var arguments = new JsonObject();
        var missing = new List<(string, string)>();
        var schema = tool.JsonSchema;
        if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return (arguments, missing);
        }

        var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(e => e.GetString()).ToHashSet(StringComparer.Ordinal)
            : [];
        foreach (var property in properties.EnumerateObject())
        {
            var kind = property.Value.TryGetProperty("x-slot", out var slot) && slot.GetString() is { } s ? s : KindOf(property.Name);
            var value = Value(kind, question, userTexts, today);
            if (value is not null && property.Value.TryGetProperty("enum", out var allowed) && allowed.ValueKind == JsonValueKind.Array
                && !allowed.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == value))
            {
                value = null;
            }

            if (value is not null)
            {
                // A money slot is "25 USD": a number parameter takes the amount.
                arguments[property.Name] = IsNumber(property.Value) && decimal.TryParse(kind == SlotTypes.Money ? value.Split(' ')[0] : value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)
                    ? JsonValue.Create(number)
                    : JsonValue.Create(value);
            }
            else if (required.Contains(property.Name))
            {
                missing.Add(Describe(kind, property));
            }
        }

        return (arguments, missing);
    }

    private string? Value(string kind, string question, IReadOnlyList<string> userTexts, DateOnly today)
    {
        switch (kind)
        {
            case SlotTypes.OrderNumber or SlotTypes.Email or SlotTypes.Phone:
                // References persist: "it's ORD-1001" earlier still names the order now.
                foreach (var text in userTexts)
                {
                    if (_slots.Extract(BuiltinAnswerer.Cap(text), today).FirstOrDefault(x => x.Type == kind) is { } found)
                    {
                        return found.Value;
                    }
                }

                return null;
            case SlotTypes.Money or SlotTypes.Date:
                return _slots.Extract(question, today).FirstOrDefault(x => x.Type == kind)?.Value;
            case "address":
                return FreeTextSlots.Address(question);
            case "expression":
                return FreeTextSlots.Expression(question);
            case "location":
                return FreeTextSlots.Location(question);
            case "text":
                return question;
            default:
                return null;
        }
    }

    private static string KindOf(string name) => name switch
    {
        "order_id" or "order_number" or "order" => SlotTypes.OrderNumber,
        "email" or "email_address" => SlotTypes.Email,
        "phone" or "phone_number" => SlotTypes.Phone,
        "amount" => SlotTypes.Money,
        "date" => SlotTypes.Date,
        "address" or "new_address" or "shipping_address" => "address",
        "expression" => "expression",
        "city" or "location" or "place" => "location",
        "reason" or "query" or "question" or "summary" or "text" or "message" or "description" or "subject" => "text",
        _ => "unknown",
    };

    /// <summary>Whether a parameter takes a number: <c>"type": "number"</c>, or a list with it (a nullable one is <c>["number", "null"]</c>).</summary>
    private static bool IsNumber(JsonElement property) =>
        property.TryGetProperty("type", out var type) && type.ValueKind switch
        {
            JsonValueKind.String => type.GetString() is "number" or "integer",
            JsonValueKind.Array => type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() is "number" or "integer"),
            _ => false,
        };

    private static (string English, string Chinese) Describe(string kind, JsonProperty property) => kind switch
    {
        SlotTypes.OrderNumber => ("your order number (for example ORD-1001)", "您的订单号（例如 ORD-1001）"),
        SlotTypes.Email => ("your e-mail address", "您的邮箱地址"),
        SlotTypes.Phone => ("your phone number", "您的电话号码"),
        "address" => ("the new address (for example: change the address of ORD-1002 to 1 Main St, Springfield)", "新的收货地址（例如：把 ORD-1002 的地址改为 上海市…）"),
        "location" => ("the city", "城市名称"),
        _ => (property.Value.TryGetProperty("description", out var d) && d.GetString() is { Length: > 0 } text ? text.TrimEnd('.') : property.Name, property.Name),
    };

    private static string Describe(object? result, bool chinese)
    {
        var text = result switch
        {
            null => null,
            string s => s,
            JsonElement e => e.GetRawText(),
            _ => result.ToString(),
        };
        if (text is null)
        {
            return chinese ? "已完成。" : "Done.";
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (chinese && root.TryGetProperty("message_zh", out var zh) && zh.ValueKind == JsonValueKind.String)
                {
                    return zh.GetString()!;
                }

                if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString()!;
                }

                if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
                {
                    return chinese ? $"抱歉，操作没有成功：{error.GetString()}" : $"Sorry, that did not work: {error.GetString()}";
                }
            }

            return root.ValueKind == JsonValueKind.String ? root.GetString()! : text;
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
