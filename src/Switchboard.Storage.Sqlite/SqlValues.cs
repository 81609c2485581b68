using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Switchboard.Storage.Sqlite;

/// <summary>Moves values between .NET and SQLite: parameters bound from an object's properties, and column values converted to a property's type.</summary>
internal static class SqlValues
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_parameterProperties = new();

    /// <summary>Adds a parameter to <paramref name="command"/> for each public readable property of <paramref name="parameters"/>.</summary>
    public static void Bind(SqliteCommand command, object? parameters)
    {
        if (parameters is null)
        {
            return;
        }

        var properties = s_parameterProperties.GetOrAdd(parameters.GetType(), static type => type
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .ToArray());
        foreach (var property in properties)
        {
            // The name without a prefix: Microsoft.Data.Sqlite binds it to @Name, $Name or :Name, whichever the SQL has.
            command.Parameters.AddWithValue(property.Name, ToParameter(property.GetValue(parameters)));
        }
    }

    /// <summary>Converts a column value (never <see cref="DBNull"/>) to <paramref name="type"/>.</summary>
    /// <exception cref="InvalidCastException">The value has no conversion to the type.</exception>
    public static object ToType(object value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsInstanceOfType(value))
        {
            return value;
        }

        if (target.IsEnum)
        {
            return value is string name
                ? Enum.Parse(target, name, ignoreCase: true)
                : Enum.ToObject(target, Convert.ToInt64(value, CultureInfo.InvariantCulture));
        }

        return Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }

    /// <summary>Converts a scalar result to <typeparamref name="T"/>: null and <see cref="DBNull"/> become its default.</summary>
    public static T? Scalar<T>(object? value) =>
        value is null or DBNull ? default : (T)ToType(value, typeof(T));

    // SQLite has no enum type: an enum is stored as its number, as the columns that hold one expect.
    private static object ToParameter(object? value) => value switch
    {
        null => DBNull.Value,
        Enum e => Convert.ToInt64(e, CultureInfo.InvariantCulture),
        _ => value,
    };
}
