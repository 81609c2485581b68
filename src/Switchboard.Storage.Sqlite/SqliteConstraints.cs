using Microsoft.Data.Sqlite;

namespace Switchboard.Storage.Sqlite;

/// <summary>Recognises constraint failures that the stores turn into the exceptions their contracts name.</summary>
internal static class SqliteConstraints
{
    private const int ForeignKeyViolation = 787; // SQLITE_CONSTRAINT_FOREIGNKEY

    /// <summary>Whether a write failed because a referenced row (a conversation, a queue item) does not exist.</summary>
    public static bool IsForeignKeyViolation(SqliteException exception) =>
        exception.SqliteExtendedErrorCode == ForeignKeyViolation;
}
