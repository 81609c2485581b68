using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Switchboard.Server.Hosting;

/// <summary>
/// Binds a configuration section like <c>ConfigurationBinder.Bind</c>, but refuses what the binder lets through or
/// throws raw. The binder silently leaves out an item of a list or dictionary with a value it cannot convert (a budget
/// whose period is "Monthly" is no budget at all), and reports a bad value outside a collection as an exception with a
/// stack trace. Here both become a <see cref="ConfigurationValidationException"/> naming every such field.
/// </summary>
internal static partial class StrictConfigurationBinder
{
    // Deep enough for every options type here; it stops a self-referencing type from recursing forever.
    private const int MaxDepth = 16;

    /// <summary>Binds <paramref name="section"/> onto <paramref name="options"/>.</summary>
    /// <param name="section">The section.</param>
    /// <param name="options">The options to fill.</param>
    /// <param name="freeForm">
    /// Paths under which keys are names rather than fields, beyond what the types say (rate limits by model name, whose
    /// colons configuration reads as levels); unknown keys are not reported there. Null for none.
    /// </param>
    /// <exception cref="ConfigurationValidationException">A value cannot be read as its field's type, or a key names no field.</exception>
    public static T Bind<T>(IConfigurationSection section, T options, Func<string, bool>? freeForm = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(options);
        InvalidOperationException? failure = null;
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            failure = exception;
        }

        var errors = new List<string>();
        CheckValue(section, typeof(T), errors, 0, freeForm ?? (_ => false));
        if (errors.Count == 0 && failure is not null)
        {
            errors.Add(Describe(failure));
        }

        return errors.Count == 0 ? options : throw new ConfigurationValidationException(errors);
    }

    /// <summary>Binds a new <typeparamref name="T"/> from the section at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigurationValidationException">A value cannot be read as its field's type, or a key names no field.</exception>
    public static T Bind<T>(IConfiguration configuration, string path, Func<string, bool>? freeForm = null)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Bind(configuration.GetSection(path), new T(), freeForm);
    }

    /// <summary>
    /// Reports the keys of <paramref name="section"/> that are none of <paramref name="known"/> (a mistyped section name
    /// would otherwise leave every setting in it at its default without a word).
    /// </summary>
    public static IEnumerable<string> CheckKeys(IConfigurationSection section, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(known);
        return section.GetChildren()
            .Where(child => !known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            .Select(child => Unknown(child, known))
            .ToList();
    }

    private static string Unknown(IConfigurationSection section, IEnumerable<string> known) =>
        $"{section.Path}: is not a setting here; the settings are {string.Join(", ", known.Order(StringComparer.Ordinal))}.";

    private static void CheckValue(IConfigurationSection section, Type type, List<string> errors, int depth, Func<string, bool> freeForm)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (depth > MaxDepth || target == typeof(object) || target == typeof(IConfigurationSection))
        {
            return;
        }

        if (IsScalar(target))
        {
            if (section.Value is { } value && !Converts(value, target))
            {
                errors.Add($"{section.Path}: '{value}' is not {Expected(target)}.");
            }

            return;
        }

        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            // A section given one value where it needs fields or items: the binder would ignore it.
            if (!string.IsNullOrEmpty(section.Value))
            {
                errors.Add($"{section.Path}: '{section.Value}' is a single value; it needs {(ItemType(target) is null ? "fields" : "items")}, such as {section.Path}:{(ItemType(target) is null ? "<field>" : "0")}.");
            }

            return;
        }

        if (ItemType(target) is { } item)
        {
            foreach (var child in children)
            {
                CheckValue(child, item, errors, depth + 1, freeForm);
            }

            return;
        }

        var properties = target.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
        foreach (var property in properties)
        {
            var child = section.GetSection(property.Name);
            if (child.Exists())
            {
                CheckValue(child, property.PropertyType, errors, depth + 1, freeForm);
            }
            else if (property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null && IsScalar(property.PropertyType)
                && children.Any(c => string.Equals(c.Key, property.Name, StringComparison.OrdinalIgnoreCase)))
            {
                // The key is there with no value (null in JSON): the binder would set false or 0, not the default.
                errors.Add($"{child.Path}: is null; give {Expected(property.PropertyType)}, or leave the key out for the default.");
            }
        }

        // A key that names no field is a mistyped one (DatabasePth): the binder skips it and the field keeps its default.
        if (!freeForm(section.Path))
        {
            var names = properties.Where(p => p.CanWrite || !IsScalar(p.PropertyType)).Select(p => p.Name).ToList();
            foreach (var child in children.Where(c => !names.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
            {
                errors.Add(Unknown(child, names));
            }
        }
    }

    // What the binder reads from one string: any type whose converter takes a string (numbers, enums, TimeSpan, Uri,
    // Version…), as the binder decides it.
    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    /// <summary>The type of a dictionary's values or of a list's or array's items; null for anything else.</summary>
    private static Type? ItemType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var interfaces = type.IsInterface ? type.GetInterfaces().Prepend(type) : type.GetInterfaces();
        var generic = interfaces.Where(i => i.IsGenericType).ToList();
        return generic.FirstOrDefault(i => i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)))?.GetGenericArguments()[1]
            ?? generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    // The binder converts a value with the type's converter, so the check does too.
    private static bool Converts(string value, Type type)
    {
        try
        {
            _ = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or NotSupportedException or OverflowException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string Expected(Type type) => type switch
    {
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
            || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte) => "a whole number",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
        _ when type == typeof(TimeSpan) => "a time span such as 00:00:30",
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a date and time such as 2026-01-31T00:00:00Z",
        _ => "a valid " + type.Name,
    };

    // "Failed to convert configuration value 'x' at 'A:B' to type 'System.Int64'." becomes "A:B: 'x' is not ...".
    private static string Describe(InvalidOperationException exception)
    {
        var match = BinderMessage().Match(exception.Message);
        return match.Success
            ? string.Create(CultureInfo.InvariantCulture, $"{match.Groups["path"].Value}: '{match.Groups["value"].Value}' cannot be read as {match.Groups["type"].Value}.")
            : exception.Message;
    }

    [GeneratedRegex("value '(?<value>.*)' at '(?<path>[^']*)' to type '(?<type>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex BinderMessage();
}
