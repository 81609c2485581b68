using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Switchboard.Storage.Sqlite;

/// <summary>
/// Reads the rows of a query as <typeparamref name="T"/>: a single value from the first column (a number, text, bytes,
/// an enum, or a nullable of one), a value tuple from the first columns by position, or an object whose settable
/// properties are filled from the columns of the same name (case ignored; columns without a property are skipped,
/// and a NULL leaves the property as initialized).
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
internal static class RowReader<T>
{
    private static readonly Type[]? s_tupleItems = typeof(T).IsValueType && typeof(ITuple).IsAssignableFrom(typeof(T)) && typeof(T).IsGenericType
        ? typeof(T).GetGenericArguments()
        : null;

    private static readonly bool s_isScalar = IsScalar(typeof(T));

    private static readonly Dictionary<string, PropertyInfo>? s_properties = s_isScalar || s_tupleItems is not null
        ? null
        : typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Returns a function that reads the current row of <paramref name="reader"/>, for this reader's columns.</summary>
    public static Func<SqliteDataReader, T> For(SqliteDataReader reader)
    {
        if (s_isScalar)
        {
            return static r => r.IsDBNull(0) ? default! : (T)SqlValues.ToType(r.GetValue(0), typeof(T));
        }

        if (s_tupleItems is { } items)
        {
            if (reader.FieldCount < items.Length)
            {
                throw new InvalidOperationException($"The query returns {reader.FieldCount} columns; {typeof(T)} needs {items.Length}.");
            }

            return r =>
            {
                var values = new object?[items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    values[i] = r.IsDBNull(i) ? null : SqlValues.ToType(r.GetValue(i), items[i]);
                }

                return (T)Activator.CreateInstance(typeof(T), values)!;
            };
        }

        var columns = new List<(int Ordinal, PropertyInfo Property)>(reader.FieldCount);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (s_properties!.TryGetValue(reader.GetName(i), out var property))
            {
                columns.Add((i, property));
            }
        }

        var map = columns.ToArray();
        return r =>
        {
            var row = Activator.CreateInstance<T>();
            foreach (var (ordinal, property) in map)
            {
                if (!r.IsDBNull(ordinal))
                {
                    property.SetValue(row, SqlValues.ToType(r.GetValue(ordinal), property.PropertyType));
                }
            }

            return row;
        };
    }

    private static bool IsScalar(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target.IsPrimitive || target.IsEnum || target == typeof(string) || target == typeof(decimal) || target == typeof(byte[])
            || target == typeof(DateTime) || target == typeof(DateTimeOffset) || target == typeof(Guid) || target == typeof(TimeSpan);
    }
}
