using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Switchboard.Nlu.Text;

namespace Switchboard.Gateway.Policies;

/// <summary>
/// Estimates how demanding a request is, from its shape alone (no model call), and finds the keywords that move a
/// <see cref="ComplexityRoutingPolicy"/> up or down a tier.
/// </summary>
/// <remarks>
/// The score is a weighted sum of four features, each 0 to 1:
/// <list type="bullet">
/// <item><description>length (<see cref="LengthWeight"/>): tokens of the last user message / <see cref="LongMessageTokens"/>;</description></item>
/// <item><description>conversation (<see cref="ConversationWeight"/>): tokens of all messages / <see cref="LongConversationTokens"/>;</description></item>
/// <item><description>structure (<see cref="StructureWeight"/>): 0.25 per question after the first, 0.15 per list item,
/// 0.5 for code;</description></item>
/// <item><description>tools (<see cref="ToolsWeight"/>): 1 when the request offers tools.</description></item>
/// </list>
/// A token is a word of a space-delimited script or one CJK character. Keywords are matched on whole words of the
/// normalised last user message (case, width and punctuation ignored, so <c>step-by-step</c> matches <c>step by step</c>);
/// a keyword in Chinese matches anywhere.
/// </remarks>
public sealed partial class ComplexityEstimator
{
    /// <summary>The length feature's weight.</summary>
    public const double LengthWeight = 0.45;

    /// <summary>The conversation feature's weight.</summary>
    public const double ConversationWeight = 0.15;

    /// <summary>The structure feature's weight.</summary>
    public const double StructureWeight = 0.25;

    /// <summary>The tools feature's weight.</summary>
    public const double ToolsWeight = 0.15;

    /// <summary>The tokens of a last user message at which the length feature is full.</summary>
    public const int LongMessageTokens = 400;

    /// <summary>The tokens of a conversation at which the conversation feature is full.</summary>
    public const int LongConversationTokens = 4000;

    private readonly Keyword[] _upgrade;
    private readonly Keyword[] _downgrade;

    /// <summary>Initializes a new instance of the <see cref="ComplexityEstimator"/> class.</summary>
    /// <param name="upgradeKeywords">Keywords that move one tier up; null or empty for <see cref="DefaultUpgradeKeywords"/>.</param>
    /// <param name="downgradeKeywords">Keywords that move one tier down; null or empty for <see cref="DefaultDowngradeKeywords"/>.</param>
    public ComplexityEstimator(IReadOnlyList<string>? upgradeKeywords = null, IReadOnlyList<string>? downgradeKeywords = null)
    {
        UpgradeKeywords = upgradeKeywords is { Count: > 0 } ? upgradeKeywords : DefaultUpgradeKeywords;
        DowngradeKeywords = downgradeKeywords is { Count: > 0 } ? downgradeKeywords : DefaultDowngradeKeywords;
        _upgrade = Compile(UpgradeKeywords);
        _downgrade = Compile(DowngradeKeywords);
    }

    /// <summary>Gets the keywords that move a request one tier up when no others are configured.</summary>
    public static IReadOnlyList<string> DefaultUpgradeKeywords { get; } =
    [
        "analyze", "analyse", "analyzing", "analysing", "analysis", "compare", "comparing", "comparison", "research",
        "investigate", "evaluate", "explain why", "step by step", "prove", "proof", "derive", "design", "architecture",
        "trade-off", "trade-offs", "pros and cons", "in depth", "in detail", "root cause", "optimize", "optimise",
        "分析", "比较", "对比", "研究", "评估", "论证", "证明", "推导", "设计", "架构", "详细", "逐步", "一步一步", "深入", "优缺点", "权衡",
    ];

    /// <summary>Gets the keywords that move a request one tier down when no others are configured.</summary>
    public static IReadOnlyList<string> DefaultDowngradeKeywords { get; } =
    [
        "quick", "quickly", "brief", "briefly", "short answer", "in short", "in one sentence", "one word", "yes or no", "tl;dr",
        "简单", "简短", "简要", "快速", "一句话",
    ];

    /// <summary>Gets the keywords that move a request one tier up.</summary>
    public IReadOnlyList<string> UpgradeKeywords { get; }

    /// <summary>Gets the keywords that move a request one tier down.</summary>
    public IReadOnlyList<string> DowngradeKeywords { get; }

    /// <summary>Scores a request and finds its keywords.</summary>
    /// <param name="messages">The conversation, oldest first.</param>
    /// <param name="options">The request's options; only <see cref="ChatOptions.Tools"/> is read.</param>
    public ComplexityEstimate Estimate(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        string last = string.Empty;
        var conversationTokens = 0;
        foreach (var message in messages)
        {
            var text = message.Text;
            conversationTokens += CountTokens(text);
            if (message.Role == ChatRole.User)
            {
                last = text;
            }
        }

        var messageTokens = CountTokens(last);
        var questions = CountQuestions(last);
        var listItems = ListItemPattern().Count(last);
        var hasCode = last.Contains("```", StringComparison.Ordinal) || last.Contains("~~~", StringComparison.Ordinal) || IndentedLinePattern().Count(last) >= 3;
        var hasTools = options?.Tools is { Count: > 0 };

        var structure = Math.Min(1, (0.25 * Math.Max(0, questions - 1)) + (0.15 * listItems) + (hasCode ? 0.5 : 0));
        var score = (LengthWeight * Math.Min(1, (double)messageTokens / LongMessageTokens))
            + (ConversationWeight * Math.Min(1, (double)conversationTokens / LongConversationTokens))
            + (StructureWeight * structure)
            + (hasTools ? ToolsWeight : 0);

        var tokens = Tokenizer.Tokenize(TextNormalizer.Normalize(last)).Select(t => t.Text).ToArray();
        return new ComplexityEstimate(
            Math.Clamp(score, 0, 1),
            messageTokens,
            conversationTokens,
            questions,
            listItems,
            hasCode,
            hasTools,
            Find(_upgrade, tokens),
            Find(_downgrade, tokens));
    }

    /// <summary>Returns the normalised tokens of a keyword; empty when it has no letters, digits or CJK characters.</summary>
    internal static string[] KeywordTokens(string keyword) =>
        [.. Tokenizer.Tokenize(TextNormalizer.Normalize(keyword)).Select(t => t.Text)];

    /// <summary>Counts words of space-delimited scripts and CJK characters, without allocating.</summary>
    internal static int CountTokens(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (TextNormalizer.IsCjk(rune))
            {
                count++;
                inWord = false;
            }
            else if (TextNormalizer.IsWordCharacter(rune))
            {
                if (!inWord)
                {
                    count++;
                    inWord = true;
                }
            }
            else
            {
                inWord = false;
            }
        }

        return count;
    }

    private static int CountQuestions(string text)
    {
        var count = 0;
        var previous = false;
        foreach (var c in text)
        {
            var question = c is '?' or '？';
            if (question && !previous)
            {
                count++;
            }

            previous = question;
        }

        return count;
    }

    private static Keyword[] Compile(IReadOnlyList<string> keywords) =>
        [.. keywords.Select(k => new Keyword(k, KeywordTokens(k))).Where(k => k.Tokens.Length > 0)];

    private static List<string> Find(Keyword[] keywords, string[] tokens)
    {
        var found = new List<string>();
        foreach (var keyword in keywords)
        {
            if (Contains(tokens, keyword.Tokens))
            {
                found.Add(keyword.Text);
            }
        }

        return found;
    }

    private static bool Contains(string[] tokens, string[] phrase)
    {
        for (var start = 0; start + phrase.Length <= tokens.Length; start++)
        {
            var i = 0;
            while (i < phrase.Length && string.Equals(tokens[start + i], phrase[i], StringComparison.Ordinal))
            {
                i++;
            }

            if (i == phrase.Length)
            {
                return true;
            }
        }

        return false;
    }

    // "1. ", "2) ", "3、", "- ", "* ", "• ", "一、" at the start of a line.
    [GeneratedRegex(@"^[ \t]*(?:\d{1,3}(?:[.)][ \t]|、)|[-*•·][ \t]|[一二三四五六七八九十]+、)", RegexOptions.Multiline)]
    private static partial Regex ListItemPattern();

    [GeneratedRegex(@"^(?:    |\t)\S", RegexOptions.Multiline)]
    private static partial Regex IndentedLinePattern();

    private readonly record struct Keyword(string Text, string[] Tokens);
}
