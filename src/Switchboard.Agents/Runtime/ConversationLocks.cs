namespace Switchboard.Agents.Runtime;

/// <summary>
/// One lock per conversation, so that the messages of a conversation are handled one at a time: a second message
/// waits until the first run has stored everything (a tool call and its results must stay next to each other in the
/// history). Entries are removed when nobody holds or waits for them. The agent runtime and the plain conversation
/// endpoints each keep one.
/// </summary>
public sealed class ConversationLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Waits for the conversation's lock; dispose the result to release it.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<IDisposable> AcquireAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(conversationId, out entry!))
            {
                entry = new Entry();
                _entries.Add(conversationId, entry);
            }

            entry.Users++;
        }

        try
        {
            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(conversationId, entry);
            throw;
        }

        return new Lease(this, conversationId, entry);
    }

    private void Leave(string conversationId, Entry entry)
    {
        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(conversationId);
                entry.Gate.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Lease(ConversationLocks owner, string conversationId, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                entry.Gate.Release();
                owner.Leave(conversationId, entry);
            }
        }
    }
}
