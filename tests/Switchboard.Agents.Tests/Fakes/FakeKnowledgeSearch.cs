using Switchboard.Agents.Tools;

namespace Switchboard.Agents.Tests.Fakes;

/// <summary>An <see cref="IKnowledgeSearch"/> that returns the hits it was given.</summary>
public sealed class FakeKnowledgeSearch : IKnowledgeSearch
{
    private readonly IReadOnlyList<KnowledgeHit> _hits;

    public FakeKnowledgeSearch(params KnowledgeHit[] hits) => _hits = hits;

    public Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string query, int count, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<KnowledgeHit>>([.. _hits.Take(count)]);
}
