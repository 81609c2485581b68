using Switchboard.Nlu.Sentiment;
using Switchboard.Nlu.Slots;

namespace Switchboard.Providers.Builtin;

/// <summary>How the built-in engine answered one message.</summary>
/// <param name="KnowledgeBase">The knowledge base searched.</param>
/// <param name="OutOfScope">True when no entry fits well enough and the engine said it does not know.</param>
/// <param name="FaqId">The entry answered from.</param>
/// <param name="Intent">The paraphrase classifier's intent (an entry id), or null when out of scope.</param>
/// <param name="Confidence">Its calibrated probability.</param>
/// <param name="Slots">Slots extracted from the message.</param>
/// <param name="Sentiment">The message's sentiment.</param>
/// <param name="Answer">The text returned.</param>
public sealed record BuiltinDecision(
    string KnowledgeBase,
    bool OutOfScope,
    string? FaqId,
    string? Intent,
    double Confidence,
    IReadOnlyList<Slot> Slots,
    SentimentResult Sentiment,
    string Answer);
