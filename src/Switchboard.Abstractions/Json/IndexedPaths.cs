namespace Switchboard.Abstractions.Json;

/// <summary>
/// The JSON paths of the elements of an array (<c>messages[3]</c>, <c>messages.3.content</c>), made once for the first
/// 64 indexes. Request readers name these paths only in errors, but hand them down for every element; building them
/// per request cost a string per element and path.
/// </summary>
public sealed class IndexedPaths
{
    private const int Cached = 64;

    private readonly Func<int, string> _format;
    private readonly string[] _paths;

    /// <summary>Initializes a new instance of the <see cref="IndexedPaths"/> class.</summary>
    /// <param name="format">Makes the path of an index, e.g. <c>i =&gt; $"messages[{i}]"</c>.</param>
    public IndexedPaths(Func<int, string> format)
    {
        ArgumentNullException.ThrowIfNull(format);
        _format = format;
        _paths = new string[Cached];
        for (var i = 0; i < Cached; i++)
        {
            _paths[i] = format(i);
        }
    }

    /// <summary>Gets the path of element <paramref name="index"/>.</summary>
    /// <param name="index">The element's index, 0 or more.</param>
    public string this[int index] => (uint)index < Cached ? _paths[index] : _format(index);
}
