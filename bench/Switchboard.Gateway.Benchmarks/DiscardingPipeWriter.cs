using System.IO.Pipelines;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>
/// A response body that drops what is written to it, as fast as a socket that never pushes back: every write goes to the
/// same buffer and every flush completes at once. Counts the bytes.
/// </summary>
internal sealed class DiscardingPipeWriter : PipeWriter
{
    private byte[] _buffer = new byte[4096];

    /// <summary>Gets the number of bytes written so far.</summary>
    public long BytesWritten { get; private set; }

    public override void Advance(int bytes) => BytesWritten += bytes;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (sizeHint > _buffer.Length)
        {
            _buffer = new byte[sizeHint];
        }

        return _buffer;
    }

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: false));

    public override void CancelPendingFlush()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }
}
