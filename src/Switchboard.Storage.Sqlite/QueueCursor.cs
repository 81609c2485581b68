using System.Globalization;

namespace Switchboard.Storage.Sqlite;

/// <summary>The place of a handoff queue listing's last item in its order: priority rank, queueing time, rowid.</summary>
internal readonly record struct QueueCursor(int Rank, long CreatedAt, long RowId)
{
    /// <summary>Reads a cursor written by <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">The text is not such a cursor.</exception>
    public static QueueCursor Parse(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rank) && rank is >= 0 and <= 3
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var createdAt)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var rowId)
                ? new QueueCursor(rank, createdAt, rowId)
                : throw new FormatException("The cursor is not one this listing gave.");
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Rank}.{CreatedAt}.{RowId}");
}
