using Microsoft.Data.Sqlite;

namespace Switchboard.Storage.Sqlite;

/// <summary>
/// One SQL statement for the <see cref="SqliteStatements"/> helpers: its text, its parameters, the transaction it joins
/// and the token that cancels it.
/// </summary>
/// <remarks>
/// The parameters are an object whose public properties are bound by name (an anonymous object or a row), each to the
/// <c>@Name</c> (or <c>$Name</c>, <c>:Name</c>) of the statement; properties the statement does not name are ignored.
/// </remarks>
internal readonly struct SqlStatement
{
    /// <summary>Initializes a new instance of the <see cref="SqlStatement"/> struct.</summary>
    /// <param name="text">The SQL.</param>
    /// <param name="parameters">The object whose properties are the parameters, or null for none.</param>
    /// <param name="transaction">The connection's transaction the statement runs in, or null.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public SqlStatement(string text, object? parameters = null, SqliteTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        Text = text;
        Parameters = parameters;
        Transaction = transaction;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the SQL.</summary>
    public string Text { get; }

    /// <summary>Gets the object whose public properties are bound as parameters, or null.</summary>
    public object? Parameters { get; }

    /// <summary>Gets the transaction the statement runs in, or null.</summary>
    public SqliteTransaction? Transaction { get; }

    /// <summary>Gets the token that cancels the statement.</summary>
    public CancellationToken CancellationToken { get; }
}
