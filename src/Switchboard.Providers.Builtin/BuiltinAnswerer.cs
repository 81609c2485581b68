using System.Text.RegularExpressions;
using Switchboard.Knowledge;
using Switchboard.Nlu.Sentiment;
using Switchboard.Nlu.Slots;
using Switchboard.Nlu.Text;

namespace Switchboard.Providers.Builtin;

/// <summary>
/// Decides the built-in answer to one message: the paraphrase classifier says whether the message is in scope and
/// which entry it asks for; that entry answers, its <c>{{slot}}</c> placeholders filled from the message; out of
/// scope gets a clear "I don't know" in the message's language.
/// </summary>
public sealed partial class BuiltinAnswerer
{
    /// <summary>The English answer when no entry fits.</summary>
    public const string UnknownEnglish = "Sorry, I don't know the answer to that. Could you rephrase it, or ask to talk to a person?";

    /// <summary>The Chinese answer when no entry fits.</summary>
    public const string UnknownChinese = "抱歉，这个问题我暂时无法回答。您可以换个说法，或者输入“转人工”联系客服。";

    private readonly SlotExtractor _slots = new();
    private readonly SentimentAnalyzer _sentiment = new();

    /// <summary>The most characters of a message the engine reads; support questions are far shorter.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>Returns the part of a message the engine reads.</summary>
    public static string Cap(string message) =>
        message.Length <= MaxMessageLength ? message
        : char.IsHighSurrogate(message[MaxMessageLength - 1]) ? message[..(MaxMessageLength - 1)] : message[..MaxMessageLength];

    /// <summary>Answers <paramref name="message"/> from <paramref name="searcher"/>.</summary>
    public BuiltinDecision Answer(string kb, FaqSearcher searcher, string message, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        ArgumentNullException.ThrowIfNull(message);
        message = Cap(message);
        var slots = _slots.Extract(message, today);
        var sentiment = _sentiment.Analyze(message);
        var prediction = searcher.Paraphrases.Predict(message);
        if (prediction.IsOutOfScope)
        {
            return new BuiltinDecision(kb, true, null, null, prediction.Confidence, slots, sentiment, IsChinese(message) ? UnknownChinese : UnknownEnglish);
        }

        // The entry the classifier chose answers: it made the in-scope decision, and its confidence is calibrated.
        // Rank fusion ignores confidence, so a confident paraphrase match could lose to a lexical one.
        var entry = searcher.Find(prediction.Intent!)
            ?? throw new InvalidOperationException($"The classifier named '{prediction.Intent}', which is not an entry of '{kb}'.");
        return new BuiltinDecision(kb, false, entry.Id, prediction.Intent, prediction.Confidence, slots, sentiment, Fill(entry.Answer, slots));
    }

    /// <summary>
    /// Fills <c>{{type}}</c> placeholders with the first slot of that type from the message. A placeholder the message
    /// has no value for is dropped, so answers are written to read well either way ("your order {{order_number}} is…").
    /// </summary>
    public static string Fill(string template, IReadOnlyList<Slot> slots)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(slots);
        return Placeholder().Replace(template, match =>
        {
            var before = match.Groups[1].Value;
            var after = match.Groups[3].Value;
            var value = slots.FirstOrDefault(s => string.Equals(s.Type, match.Groups[2].Value, StringComparison.OrdinalIgnoreCase))?.Value;
            if (value is not null)
            {
                return before + value + after;
            }

            // Dropped: keep one space between words, none next to Chinese text or punctuation.
            var previous = match.Index > 0 ? template[match.Index - 1] : ' ';
            var next = match.Index + match.Length < template.Length ? template[match.Index + match.Length] : ' ';
            var spaced = (before.Length > 0 || after.Length > 0)
                && char.IsAsciiLetterOrDigit(previous) && char.IsAsciiLetterOrDigit(next);
            return spaced ? " " : string.Empty;
        });
    }

    private static bool IsChinese(string text) => text.EnumerateRunes().Any(TextNormalizer.IsCjk);

    [GeneratedRegex(@"( ?)\{\{\s*([a-z_]+)\s*\}\}( ?)")]
    private static partial Regex Placeholder();
}
