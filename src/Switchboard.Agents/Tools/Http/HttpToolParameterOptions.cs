namespace Switchboard.Agents.Tools.Http;

/// <summary>
/// One argument of an HTTP tool, in the simple form configuration can bind
/// (<c>Switchboard:Agents:HttpTools:0:Parameters:city:Type</c> and so on). For anything richer, write the whole schema in
/// <see cref="HttpToolOptions.ParametersJson"/> instead.
/// </summary>
public sealed class HttpToolParameterOptions
{
    /// <summary>Gets or sets the JSON type: <c>string</c>, <c>integer</c>, <c>number</c> or <c>boolean</c>.</summary>
    /// <value>The default is <c>string</c>.</value>
    public string Type { get; set; } = "string";

    /// <summary>Gets or sets what the argument means, for the model.</summary>
    /// <value>The default is none.</value>
    public string? Description { get; set; }

    /// <summary>Gets or sets a value indicating whether the model must send the argument.</summary>
    /// <value>The default is false.</value>
    public bool Required { get; set; }

    /// <summary>Gets the allowed values, written as text and read as <see cref="Type"/>; empty for any value.</summary>
    /// <value>The default is empty.</value>
    public List<string> Enum { get; } = [];

    /// <summary>Gets or sets the value used when the model leaves the argument out, written as text and read as <see cref="Type"/>.</summary>
    /// <value>The default is none.</value>
    public string? Default { get; set; }
}
