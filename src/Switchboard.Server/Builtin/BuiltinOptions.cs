namespace Switchboard.Server.Builtin;

/// <summary>Settings of the built-in engine (section <c>Switchboard:Builtin</c>).</summary>
public sealed class BuiltinOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Switchboard:Builtin";

    /// <summary>Gets or sets a value indicating whether the demo support knowledge base is loaded on first start.</summary>
    /// <value>The default is <see langword="true"/>; it is loaded only into an empty knowledge base.</value>
    public bool DemoKnowledgeBase { get; set; } = true;

    /// <summary>Gets or sets the name of the knowledge base the demo entries go into.</summary>
    /// <value>The default is <c>support</c>, answered by model <c>builtin:support</c>.</value>
    public string DemoKnowledgeBaseName { get; set; } = "support";
}
