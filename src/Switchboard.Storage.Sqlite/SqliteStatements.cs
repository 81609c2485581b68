using System.Collections;
using Microsoft.Data.Sqlite;

namespace Switchboard.Storage.Sqlite;

/// <summary>
/// Runs <see cref="SqlStatement"/>s on a connection: commands, scalars, and rows read as objects (see
/// <see cref="RowReader{T}"/>). Plain ADO.NET over Microsoft.Data.Sqlite, with parameters bound by name from an object.
/// </summary>
internal static class SqliteStatements
{
    /// <summary>
    /// Runs a statement and returns the number of rows it changed. When the parameters are a sequence of objects (rows to
    /// insert, say), the statement runs once for each, with that object's properties, and the counts are added up.
    /// </summary>
    public static async Task<int> ExecuteAsync(this SqliteConnection connection, SqlStatement statement)
    {
        if (statement.Parameters is not IEnumerable items || statement.Parameters is string)
        {
            using var single = Create(connection, statement);
            return await single.ExecuteNonQueryAsync(statement.CancellationToken).ConfigureAwait(false);
        }

        using var command = Create(connection, new SqlStatement(statement.Text, null, statement.Transaction));
        var changed = 0;
        foreach (var item in items)
        {
            command.Parameters.Clear();
            SqlValues.Bind(command, item);
            changed += await command.ExecuteNonQueryAsync(statement.CancellationToken).ConfigureAwait(false);
        }

        return changed;
    }

    /// <summary>Runs a statement and returns the first column of its first row, or the default when there is none or it is NULL.</summary>
    public static async Task<T?> ExecuteScalarAsync<T>(this SqliteConnection connection, SqlStatement statement)
    {
        using var command = Create(connection, statement);
        return SqlValues.Scalar<T>(await command.ExecuteScalarAsync(statement.CancellationToken).ConfigureAwait(false));
    }

    /// <summary>Runs a query and returns all its rows.</summary>
    public static async Task<List<T>> QueryAsync<T>(this SqliteConnection connection, SqlStatement statement)
    {
        using var command = Create(connection, statement);
        using var reader = await command.ExecuteReaderAsync(statement.CancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        var read = RowReader<T>.For(reader);
        while (await reader.ReadAsync(statement.CancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Runs a query and returns its only row, or the default when it has none.</summary>
    /// <exception cref="InvalidOperationException">The query returned more than one row.</exception>
    public static async Task<T?> QuerySingleOrDefaultAsync<T>(this SqliteConnection connection, SqlStatement statement)
    {
        using var command = Create(connection, statement);
        using var reader = await command.ExecuteReaderAsync(statement.CancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(statement.CancellationToken).ConfigureAwait(false))
        {
            return default;
        }

        var row = RowReader<T>.For(reader)(reader);
        return await reader.ReadAsync(statement.CancellationToken).ConfigureAwait(false)
            ? throw new InvalidOperationException("The query returned more than one row where one was expected.")
            : row;
    }

    /// <summary>Runs a query and returns its first row, or the default when it has none.</summary>
    public static async Task<T?> QueryFirstOrDefaultAsync<T>(this SqliteConnection connection, SqlStatement statement)
    {
        using var command = Create(connection, statement);
        using var reader = await command.ExecuteReaderAsync(statement.CancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(statement.CancellationToken).ConfigureAwait(false) ? RowReader<T>.For(reader)(reader) : default;
    }

    private static SqliteCommand Create(SqliteConnection connection, SqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        try
        {
            command.CommandText = statement.Text ?? throw new ArgumentException("The statement has no SQL.", nameof(statement));
            command.Transaction = statement.Transaction;
            SqlValues.Bind(command, statement.Parameters);
            return command;
        }
        catch
        {
            command.Dispose();
            throw;
        }
    }
}
