using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Switchboard.Knowledge;
using Switchboard.Nlu.Data;
using Switchboard.Storage.Sqlite;

namespace Switchboard.Cli.Commands;

/// <summary><c>switchboard kb</c>: import, search and evaluate FAQ knowledge bases.</summary>
internal static class KbCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static Command Create()
    {
        var command = new Command("kb", "Import, search and evaluate FAQ knowledge bases (SQLite FTS5 + paraphrase matching).");
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Search());
        command.Subcommands.Add(Evaluate());
        return command;
    }

    private static Option<string> DatabaseOption() => new("--db")
    {
        Description = "The SQLite database (the server's Switchboard:Storage:DatabasePath).",
        DefaultValueFactory = _ => Path.Combine("data", "switchboard.db"),
    };

    private static Option<string> KbOption() => new("--kb")
    {
        Description = "The knowledge base name.",
        DefaultValueFactory = _ => "default",
    };

    private static Command Import()
    {
        var file = new Argument<string>("file") { Description = "FAQ JSON Lines: {\"id\",\"question\",\"alternates\",\"answer\",\"category\",\"tags\"} per line." };
        var db = DatabaseOption();
        var kb = KbOption();
        var command = new Command("import", "Add or replace FAQ entries in a knowledge base.") { file, db, kb };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var entries = FaqReader.ReadFile(parseResult.GetValue(file)!);
                var store = await OpenAsync(parseResult.GetValue(db)!, cancellationToken);
                var count = await store.ImportAsync(parseResult.GetValue(kb)!, entries, cancellationToken);
                await parseResult.InvocationConfiguration.Output.WriteLineAsync($"imported {count} entries into knowledge base '{parseResult.GetValue(kb)}'");
                return 0;
            }
            catch (Exception exception) when (IsExpected(exception))
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"error: {exception.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command Search()
    {
        var query = new Argument<string>("query") { Description = "The question to look up." };
        var db = DatabaseOption();
        var kb = KbOption();
        var mode = new Option<FaqSearchMode>("--mode") { Description = "lexical, paraphrase or hybrid.", DefaultValueFactory = _ => FaqSearchMode.Hybrid };
        var limit = new Option<int>("--limit") { Description = "How many entries to show.", DefaultValueFactory = _ => 5 };
        var command = new Command("search", "Search a knowledge base.") { query, db, kb, mode, limit };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var path = parseResult.GetValue(db)!;
                if (!File.Exists(path))
                {
                    // Opening would create an empty database here; there is nothing to search.
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                        $"error: there is no database at {Path.GetFullPath(path)}; import entries with 'switchboard kb import' or name the server's database with --db");
                    return 1;
                }

                var store = await OpenAsync(path, cancellationToken);
                var searcher = await FaqSearcher.CreateAsync(store, parseResult.GetValue(kb)!, cancellationToken);
                var hits = await searcher.SearchAsync(parseResult.GetValue(query)!, parseResult.GetValue(limit), parseResult.GetValue(mode), cancellationToken);
                var output = parseResult.InvocationConfiguration.Output;
                foreach (var (hit, rank) in hits.Select((h, i) => (h, i + 1)))
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{rank}. {hit.Entry.Id}  score {hit.Score:F4}  confidence {hit.Confidence:F3}  {hit.Entry.Question}"));
                }

                return 0;
            }
            catch (Exception exception) when (IsExpected(exception))
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"error: {exception.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command Evaluate()
    {
        var faq = new Option<string>("--faq") { Description = "FAQ JSON Lines to search.", Required = true };
        var queries = new Option<string>("--queries") { Description = "Labelled queries: CSV with header 'text,faq_id' (or JSONL {\"text\",\"faq_id\"}).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the reports as JSON." };
        var command = new Command("eval", "Measure recall@1/5/10 and MRR@10 of lexical, paraphrase and hybrid search.") { faq, queries, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var directory = Path.Combine(Path.GetTempPath(), "switchboard-kb-eval-" + Guid.NewGuid().ToString("N"));
            SqliteDatabase? database = null;
            try
            {
                var entries = FaqReader.ReadFile(parseResult.GetValue(faq)!);
                var labelled = LabeledTextReader.ReadFile(parseResult.GetValue(queries)!, "faq_id");
                database = new SqliteDatabase(new SqliteStorageOptions { DatabasePath = Path.Combine(directory, "kb.db") }, TimeProvider.System);
                await database.InitializeAsync(cancellationToken);
                var store = new SqliteKnowledgeBase(database, TimeProvider.System);
                await store.ImportAsync("eval", entries, cancellationToken);
                var searcher = await FaqSearcher.CreateAsync(store, "eval", cancellationToken);
                var reports = new List<KnowledgeEvaluationReport>();
                foreach (var mode in Enum.GetValues<FaqSearchMode>())
                {
                    reports.Add(await KnowledgeEvaluator.EvaluateAsync(searcher, labelled, mode, cancellationToken));
                }

                var output = parseResult.InvocationConfiguration.Output;
                if (parseResult.GetValue(json))
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(reports, Json));
                    return 0;
                }

                await output.WriteLineAsync($"{entries.Count} entries, {labelled.Count} queries");
                await output.WriteLineAsync("mode        recall@1  recall@5  recall@10  MRR@10  p50 µs");
                foreach (var r in reports)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Mode.ToString().ToLowerInvariant(),-11} {r.RecallAt1,8:F4}  {r.RecallAt5,8:F4}  {r.RecallAt10,9:F4}  {r.MrrAt10,6:F4}  {r.LatencyP50Microseconds,6:F0}"));
                }

                return 0;
            }
            catch (Exception exception) when (IsExpected(exception))
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"error: {exception.Message}");
                return 1;
            }
            finally
            {
                // Its own pool only: the command may run in a process with other databases (the tests run it in process).
                database?.ClearPool();
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        });
        return command;
    }

    /// <summary>What a user can cause and fix: bad files, unreadable or unwritable paths, bad names, a locked database.</summary>
    private static bool IsExpected(Exception exception) =>
        exception is DataFormatException or IOException or UnauthorizedAccessException or ArgumentException
            or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException;

    private static async Task<SqliteKnowledgeBase> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var database = new SqliteDatabase(new SqliteStorageOptions { DatabasePath = path }, TimeProvider.System);
        await database.InitializeAsync(cancellationToken);
        return new SqliteKnowledgeBase(database, TimeProvider.System);
    }
}
