using System.Diagnostics;
using Switchboard.Nlu.Classification;

namespace Switchboard.Knowledge;

/// <summary>Measures recall@k and MRR@10 of a searcher on queries labelled with the entry id they should find.</summary>
public static class KnowledgeEvaluator
{
    /// <summary>Evaluates one mode.</summary>
    public static async Task<KnowledgeEvaluationReport> EvaluateAsync(
        FaqSearcher searcher,
        IReadOnlyList<LabeledText> queries,
        FaqSearchMode mode,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        ArgumentNullException.ThrowIfNull(queries);
        int at1 = 0, at5 = 0, at10 = 0;
        var reciprocal = 0.0;
        var latencies = new double[queries.Count];
        for (var q = 0; q < queries.Count; q++)
        {
            var started = Stopwatch.GetTimestamp();
            var hits = await searcher.SearchAsync(queries[q].Text, 10, mode, cancellationToken).ConfigureAwait(false);
            latencies[q] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            var rank = hits.Select(h => h.Entry.Id).ToList().IndexOf(queries[q].Label) + 1;
            if (rank > 0)
            {
                at1 += rank == 1 ? 1 : 0;
                at5 += rank <= 5 ? 1 : 0;
                at10++;
                reciprocal += 1.0 / rank;
            }
        }

        Array.Sort(latencies);
        double n = Math.Max(1, queries.Count);
        return new KnowledgeEvaluationReport(
            mode,
            queries.Count,
            at1 / n,
            at5 / n,
            at10 / n,
            reciprocal / n,
            latencies.Length == 0 ? 0 : latencies[latencies.Length / 2]);
    }
}
