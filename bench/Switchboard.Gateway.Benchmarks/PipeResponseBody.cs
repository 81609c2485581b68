using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>A response body feature whose <see cref="Writer"/> is the given pipe, for a <see cref="DefaultHttpContext"/>.</summary>
internal sealed class PipeResponseBody(PipeWriter writer) : IHttpResponseBodyFeature
{
    public PipeWriter Writer { get; } = writer;

    public Stream Stream => throw new NotSupportedException("The SSE writers write to the pipe.");

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task CompleteAsync() => Writer.CompleteAsync().AsTask();
}
