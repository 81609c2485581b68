namespace Switchboard.Knowledge;

/// <summary>An FAQ entry of a knowledge base.</summary>
/// <param name="Id">A stable id, unique in its knowledge base.</param>
/// <param name="Question">The canonical question.</param>
/// <param name="Alternates">Other phrasings of the question (they are also the paraphrase matcher's training data).</param>
/// <param name="Answer">The answer, which may contain slot templates such as <c>{{order_number}}</c>.</param>
/// <param name="Category">An optional category.</param>
/// <param name="Tags">Optional tags.</param>
public sealed record FaqEntry(
    string Id,
    string Question,
    IReadOnlyList<string> Alternates,
    string Answer,
    string? Category,
    IReadOnlyList<string> Tags);
