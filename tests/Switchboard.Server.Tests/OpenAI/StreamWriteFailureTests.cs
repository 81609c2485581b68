using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.OpenAI;

namespace Switchboard.Server.Tests.OpenAI;

/// <summary>
/// When writing to the client fails while the next update is being read, the writer waits for that read to end before
/// it returns, so that the pipeline's enumerator is never disposed with a read in flight.
/// </summary>
public sealed class StreamWriteFailureTests
{
    [Fact]
    public async Task WriteAsync_FlushFailsWhileTheNextReadIsPending_ReturnsOnlyAfterTheReadEnded()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new BrokenStream();
        var updates = Updates(release.Task).GetAsyncEnumerator();

        var writing = OpenAIStreamResponse.WriteAsync(context, updates, "mock:gpt-4o-mini", includeUsage: false, TimeProvider.System);
        var returnedWhileReading = await Task.WhenAny(writing, Task.Delay(TimeSpan.FromMilliseconds(300))) == writing;
        release.SetResult();
        var writeError = await Record.ExceptionAsync(() => writing.WaitAsync(TimeSpan.FromSeconds(30)));
        var disposeError = await Record.ExceptionAsync(async () => await updates.DisposeAsync());

        Assert.False(returnedWhileReading);
        Assert.IsType<IOException>(writeError);
        Assert.Null(disposeError);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Updates(Task release, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Hel") { ModelId = "mock:gpt-4o-mini" };
        await release.WaitAsync(cancellationToken);
        yield return new ChatResponseUpdate(ChatRole.Assistant, "lo") { ModelId = "mock:gpt-4o-mini" };
    }

    /// <summary>A response body whose connection is gone: every write fails.</summary>
    private sealed class BrokenStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => throw new IOException("The client went away.");

        public override Task FlushAsync(CancellationToken cancellationToken) => throw new IOException("The client went away.");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("The client went away.");

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("The client went away."));
    }
}
