namespace Switchboard.Agents.Tools;

/// <summary>The tools agents can name, by name.</summary>
public sealed class ToolRegistry
{
    private readonly Dictionary<string, AgentTool> _tools = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="ToolRegistry"/> class.</summary>
    /// <exception cref="ArgumentException">Two tools have the same name, or a name is reserved.</exception>
    public ToolRegistry(IEnumerable<AgentTool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        foreach (var tool in tools)
        {
            if (tool.Name.StartsWith(TransferTool.Prefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Tool names starting with '{TransferTool.Prefix}' are reserved for handoffs: '{tool.Name}'.", nameof(tools));
            }

            if (!_tools.TryAdd(tool.Name, tool))
            {
                throw new ArgumentException($"Two tools are named '{tool.Name}'.", nameof(tools));
            }
        }
    }

    /// <summary>Gets every tool.</summary>
    public IReadOnlyCollection<AgentTool> All => _tools.Values;

    /// <summary>Whether a tool exists.</summary>
    public bool Contains(string name) => _tools.ContainsKey(name);

    /// <summary>Gets a tool by name.</summary>
    /// <exception cref="KeyNotFoundException">There is no such tool.</exception>
    public AgentTool Get(string name) => _tools[name];
}
