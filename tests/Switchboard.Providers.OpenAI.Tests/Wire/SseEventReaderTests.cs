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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Read_SameEventsWhateverTheReadSizes(int chunk)
    {
        // A byte-order mark, CR-only and CRLF endings (split across reads when the chunk is small), a field without a
        // colon, an empty data line, a comment between data lines, and multi-byte UTF-8 split across reads.
        var text = "\uFEFFdata: one\r\rdata\rdata: x\r\n\r\ndata: 二\n: note\ndata: 三\n\ndata: [DONE]\n\n";
        using var reader = new SseEventReader(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk));

        var events = new List<string>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            events.Add(Encoding.UTF8.GetString(reader.Data.Span));
        }

        Assert.Equal(["one", "\nx", "二\n三", "[DONE]"], events);
    }

    [Fact]
    public async Task Read_DataLongerThanTheBuffer_ComesWhole()
    {
        var payload = new string('a', 100_000) + "é" + new string('b', 50_000);
        using var reader = new SseEventReader(new TrickleStream(Encoding.UTF8.GetBytes($"data: {payload}\n\ndata: next\n\n"), 7_000));

        Assert.Equal(payload, await reader.ReadDataAsync(CancellationToken.None));
        Assert.Equal("next", await reader.ReadDataAsync(CancellationToken.None));
        Assert.Null(await reader.ReadDataAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1_000)]
    [InlineData(8_191)]
    [InlineData(65_536)]
    public async Task Read_LongLinesBetweenShortOnes_ComeWholeWhateverTheReadSizes(int chunk)
    {
        // Short events, then lines that fill the buffer while earlier lines sit before them (it is moved or grown),
        // a CRLF after each, and short events again.
        var events = new List<string> { "a", "bb" };
        events.AddRange(Enumerable.Range(0, 4).Select(i => new string((char)('c' + i), 10_000 + (i * 30_000))));
        events.AddRange(Enumerable.Range(0, 50).Select(i => $"short {i}"));
        var text = string.Concat(events.Select(e => $"data: {e}\r\n\r\n"));
        using var reader = new SseEventReader(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk));

        var read = new List<string>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            read.Add(Encoding.UTF8.GetString(reader.Data.Span));
        }

        Assert.Equal(events, read);
    }

    [Fact]
    public async Task Read_LineLongerThanTheLimit_IsRefusedAfterTheEventsBeforeIt()
    {
        var text = "data: first\n\ndata: " + new string('x', SseEventReader.MaxLineLength) + "\n\n";
        using var reader = new SseEventReader(new TrickleStream(Encoding.ASCII.GetBytes(text), 1 << 20));

        Assert.Equal("first", await reader.ReadDataAsync(CancellationToken.None));
        await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Read_EmptyOrCommentOnlyStream_HasNoEvents()
    {
        using var empty = new SseEventReader(new MemoryStream());
        using var comments = new SseEventReader(new MemoryStream(": keep-alive\n\n: again\n\n"u8.ToArray()));

        Assert.False(await empty.ReadAsync(CancellationToken.None));
        Assert.False(await comments.ReadAsync(CancellationToken.None));
    }
}
