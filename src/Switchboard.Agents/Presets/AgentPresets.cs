using System.Reflection;
using Switchboard.Agents.Definitions;

namespace Switchboard.Agents.Presets;

/// <summary>The teams shipped with Switchboard, loadable with one setting (<c>Switchboard:Agents:Presets</c>).</summary>
public static class AgentPresets
{
    /// <summary>Gets the names of the shipped presets.</summary>
    public static IReadOnlyList<string> Names { get; } = ["support-desk", "tools-assistant"];

    /// <summary>Loads a preset.</summary>
    /// <exception cref="ArgumentException">There is no such preset.</exception>
    public static AgentTeam Load(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Names.Contains(name))
        {
            throw new ArgumentException($"There is no preset '{name}'. The presets are: {string.Join(", ", Names)}.", nameof(name));
        }

        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Switchboard.Agents.Presets.{name}.yaml")
            ?? throw new InvalidOperationException($"The preset '{name}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return AgentFileLoader.Parse(reader.ReadToEnd(), $"preset:{name}");
    }
}
