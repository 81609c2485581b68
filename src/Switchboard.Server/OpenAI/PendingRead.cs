namespace Switchboard.Server.OpenAI;

/// <summary>
/// Ends a read of the pipeline's next update that is still in flight when writing to the client fails. The stream
/// writers start that read before they flush; if the flush throws and the read is left running, the caller disposes
/// the pipeline's enumerator with the read in flight, which an async iterator refuses (NotSupportedException in place
/// of the real error), and a read that completes later leaves the upstream call, its ledger entry and its
/// in-flight count parked at a <c>yield</c> for good.
/// </summary>
internal static class PendingRead
{
    /// <summary>Waits for the read to end (the request's cancellation ends it when the client is gone); its outcome is not needed.</summary>
    public static async Task EndAsync(ValueTask<bool> read)
    {
        try
        {
            await read.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The flush's exception is the one that matters; the read's is a consequence.
        }
    }
}
