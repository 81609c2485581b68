using Switchboard.Storage.Sqlite;

namespace Switchboard.Knowledge.Tests;

/// <summary>A small bilingual support FAQ in a fresh SQLite file.</summary>
public sealed class KnowledgeFixture : IAsyncLifetime
{
    private SqliteDatabase? _database;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "switchboard-kb-tests", Guid.NewGuid().ToString("N"));

    public static IReadOnlyList<FaqEntry> Entries { get; } =
    [
        new("track_order", "Where is my order?", ["track my package", "has my parcel shipped", "我的订单在哪里", "快递到哪了"], "You can follow your parcel under Orders > Track.", "orders", ["shipping"]),
        new("cancel_order", "How do I cancel an order?", ["cancel my purchase", "stop my order", "我要取消订单", "怎么取消订单"], "Open the order and choose Cancel before it ships.", "orders", []),
        new("refund", "How do I get a refund?", ["I want my money back", "refund for a broken item", "我要退款", "怎么申请退款"], "Refunds go back to the original payment method within 5 days.", "payments", ["refund"]),
        new("change_address", "How do I change my shipping address?", ["update delivery address", "wrong address on my order", "修改收货地址", "地址写错了"], "Edit the address under Orders until the parcel ships.", "orders", []),
    ];

    public SqliteKnowledgeBase Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = new SqliteDatabase(new SqliteStorageOptions { DatabasePath = Path.Combine(_directory, "kb.db") }, TimeProvider.System);
        await _database.InitializeAsync(CancellationToken.None);
        Store = new SqliteKnowledgeBase(_database, TimeProvider.System);
        await Store.ImportAsync("shop", Entries, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _database?.ClearPool();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
