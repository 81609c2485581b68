using System.Text;
using Switchboard.Abstractions.Streaming;

namespace Switchboard.Providers.OpenAI.Tests.Wire;

public sealed class SseEventReaderTests
{
    [Fact]
    public async Task ReadData_HandlesCommentsCrlfMultilineDataAndOtherFields()
    {
        var text = ": ping\r\n\r\nevent: message\r\nid: 7\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\ndata:no-space\n\ndata: last";
        using var reader = new SseEventReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        Assert.Equal("{\"a\":\n1}", await reader.ReadDataAsync(CancellationToken.None));
        Assert.Equal("no-space", await reader.ReadDataAsync(CancellationToken.None));
        Assert.Equal("last", await reader.ReadDataAsync(CancellationToken.None));
        Assert.Null(await reader.ReadDataAsync(CancellationToken.None));
    }
}
