namespace Switchboard.Agents.Definitions;

/// <summary>How a router decides.</summary>
public enum RouterMode
{
    /// <summary>The built-in intent classifier, trained on the specialists' examples.</summary>
    Classifier,

    /// <summary>The router's model, given a <c>transfer_to_&lt;agent&gt;</c> tool per route.</summary>
    Llm,

    /// <summary>The classifier when it is confident enough, the LLM otherwise.</summary>
    Hybrid,
}
