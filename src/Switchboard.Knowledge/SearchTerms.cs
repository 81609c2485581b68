using System.Text;
using Switchboard.Nlu.Text;

namespace Switchboard.Knowledge;

/// <summary>
/// Turns text into the space-separated terms the full-text index stores and queries: normalised words of
/// space-delimited scripts, and character bigrams (unigrams for a lone character) of CJK runs, so Chinese matches
/// without a word segmenter.
/// </summary>
public static class SearchTerms
{
    /// <summary>Returns the distinct terms of a text, in order of first appearance.</summary>
    public static IReadOnlyList<string> Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokenizer.Tokenize(TextNormalizer.Normalize(text));
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (i < tokens.Count)
        {
            if (tokens[i].Kind == TokenKind.Word)
            {
                if (seen.Add(tokens[i].Text))
                {
                    terms.Add(tokens[i].Text);
                }

                i++;
                continue;
            }

            var end = i + 1;
            while (end < tokens.Count && tokens[end].Kind == TokenKind.Cjk && tokens[end].Start == tokens[end - 1].Start + tokens[end - 1].Text.Length)
            {
                end++;
            }

            if (end - i == 1 && seen.Add(tokens[i].Text))
            {
                terms.Add(tokens[i].Text);
            }

            for (var k = i; k + 1 < end; k++)
            {
                var bigram = tokens[k].Text + tokens[k + 1].Text;
                if (seen.Add(bigram))
                {
                    terms.Add(bigram);
                }
            }

            i = end;
        }

        return terms;
    }

    /// <summary>Builds an FTS5 query that matches any of the terms (each quoted, so no term is read as syntax).</summary>
    public static string MatchAny(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var builder = new StringBuilder();
        foreach (var term in terms)
        {
            if (builder.Length > 0)
            {
                builder.Append(" OR ");
            }

            builder.Append('"').Append(term.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }

        return builder.ToString();
    }
}
