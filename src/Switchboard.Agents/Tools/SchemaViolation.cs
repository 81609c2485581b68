namespace Switchboard.Agents.Tools;

/// <summary>One way a JSON value breaks its schema.</summary>
/// <param name="Path">Where, as a JSON pointer (<c>/order/items/0/sku</c>); empty for the value as a whole.</param>
/// <param name="Message">What is wrong, for the model to read (for example <c>expected string, got number</c>).</param>
public sealed record SchemaViolation(string Path, string Message)
{
    /// <summary>Formats the violation as <c>path: message</c>, with <c>/</c> for the value as a whole.</summary>
    /// <returns>The violation as text.</returns>
    public override string ToString() => $"{(Path.Length == 0 ? "/" : Path)}: {Message}";
}
