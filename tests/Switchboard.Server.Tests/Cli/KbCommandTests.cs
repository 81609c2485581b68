using System.Text.Json;
using Switchboard.Cli;

using static Switchboard.Server.Tests.Infrastructure.CliRunner;

namespace Switchboard.Server.Tests.Cli;

/// <summary>Drives <c>switchboard kb import | search | eval</c> as a user would.</summary>
public sealed class KbCommandTests : IDisposable
{
    private const string Faq = """
        {"id":"track_order","question":"Where is my order?","alternates":["track my package","我的订单在哪里"],"answer":"See Orders > Track.","category":"orders"}
        {"id":"refund","question":"How do I get a refund?","alternates":["I want my money back","我要退款"],"answer":"Refunds take 5 days.","category":"payments"}
        {"id":"cancel_order","question":"How do I cancel an order?","alternates":["stop my purchase","取消订单"],"answer":"Choose Cancel on the order.","category":"orders"}
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "switchboard-kb-cli", Guid.NewGuid().ToString("N"));

    public KbCommandTests() => Directory.CreateDirectory(_directory);

    private string Database => Path.Combine(_directory, "db", "switchboard.db");

    [Fact]
    public async Task ImportThenSearch_FindsEnglishAndChinese()
    {
        var faq = await WriteAsync("faq.jsonl", Faq);

        var import = await RunAsync("kb", "import", faq, "--db", Database, "--kb", "shop");
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("imported 3 entries into knowledge base 'shop'", import.Output);

        var english = await RunAsync("kb", "search", "where is my parcel", "--db", Database, "--kb", "shop");
        Assert.Equal(0, english.ExitCode);
        Assert.StartsWith("1. track_order", english.Output);

        var chinese = await RunAsync("kb", "search", "怎么退款", "--db", Database, "--kb", "shop", "--mode", "lexical", "--limit", "1");
        Assert.Equal(0, chinese.ExitCode);
        Assert.StartsWith("1. refund", chinese.Output);
        Assert.Single(chinese.Output.Trim().Split('\n'));
    }

    [Fact]
    public async Task Eval_ReportsEveryModeAsJson()
    {
        var faq = await WriteAsync("faq.jsonl", Faq);
        var queries = await WriteAsync("queries.csv", "text,faq_id\nwhere's my package,track_order\n退款,refund\ncancel it,cancel_order\n");

        var result = await RunAsync("kb", "eval", "--faq", faq, "--queries", queries, "--json");

        Assert.Equal(0, result.ExitCode);
        var reports = JsonDocument.Parse(result.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal(["lexical", "paraphrase", "hybrid"], reports.Select(r => r.GetProperty("mode").GetString()));
        Assert.All(reports, r => Assert.Equal(3, r.GetProperty("queries").GetInt32()));
        Assert.All(reports, r => Assert.Equal(1.0, r.GetProperty("recall_at5").GetDouble()));
    }

    [Fact]
    public async Task Import_MalformedFaq_NamesFileAndLine()
    {
        var faq = await WriteAsync("bad.jsonl", "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"x\"}\n{\"id\":\"b\",\"question\":\"q\"}\n");

        var result = await RunAsync("kb", "import", faq, "--db", Database);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(faq + ":2: 'answer' must be a non-empty string", result.Error);
    }

    [Fact]
    public async Task Eval_MalformedQueries_NamesFileAndLine()
    {
        var faq = await WriteAsync("faq.jsonl", Faq);
        var queries = await WriteAsync("queries.csv", "text,label\nx,refund\n");

        var result = await RunAsync("kb", "eval", "--faq", faq, "--queries", queries);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(queries + ":1: the header must name the columns 'text' and 'faq_id'", result.Error);
    }

    [Fact]
    public async Task Search_EmptyKnowledgeBase_FailsClearly()
    {
        Assert.Equal(0, (await RunAsync("kb", "import", await WriteAsync("faq.jsonl", Faq), "--db", Database, "--kb", "shop")).ExitCode);

        var result = await RunAsync("kb", "search", "anything", "--db", Database, "--kb", "nothing-here");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has 0 entries", result.Error);
    }

    public void Dispose()
    {
        new Switchboard.Storage.Sqlite.SqliteDatabase(new Switchboard.Storage.Sqlite.SqliteStorageOptions { DatabasePath = Database }, TimeProvider.System).ClearPool();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }
}
