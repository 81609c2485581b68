using System.Diagnostics;
using Switchboard.Nlu.Classification;

namespace Switchboard.Knowledge;

/// <summary>Measures recall@k and MRR@10 of a searcher on queries labelled with the entry id they should find.</summary>
public static class KnowledgeEvaluator
{
    /// <summary>
    /// How long queries run untimed first, so that latency is measured on optimised code: the runtime recompiles hot
    /// methods only after they have been called for a while (tiered compilation), longer than a small query set takes.
    /// </summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

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
        var warmUpStarted = Stopwatch.GetTimestamp();
        for (var q = 0; queries.Count > 0 && Stopwatch.GetElapsedTime(warmUpStarted) < WarmUp; q = (q + 1) % queries.Count)
        {
            await searcher.SearchAsync(queries[q].Text, 10, mode, cancellationToken).ConfigureAwait(false);
        }

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
