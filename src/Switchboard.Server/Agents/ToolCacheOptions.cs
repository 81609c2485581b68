using Switchboard.Agents.Tools;

namespace Switchboard.Server.Agents;

/// <summary>
/// The tool result cache (section <c>Switchboard:Agents:ToolCache</c>): results of tools that declare themselves
/// idempotent (<see cref="AgentTool.Idempotent"/>), by tool, arguments and tenant, kept in this process's memory within
/// <see cref="MaxBytes"/> for <see cref="DefaultTtlSeconds"/> unless the tool asks for another time to live.
/// </summary>
public sealed class ToolCacheOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = AgentOptions.Section + ":ToolCache";

    /// <summary>Gets or sets a value indicating whether repeated calls of idempotent tools are answered from the cache.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Gets or sets the memory bound of the cache, in bytes (two per character of the results and keys, plus a fixed
    /// overhead per entry); the least recently used results are evicted to stay within it.
    /// </summary>
    /// <value>The default is 16 MiB.</value>
    public long MaxBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Gets or sets how long a result is served, in seconds, for a tool that does not set its own time to live.</summary>
    /// <value>The default is 300 seconds.</value>
    public int DefaultTtlSeconds { get; set; } = 300;

    /// <summary>Gets <see cref="DefaultTtlSeconds"/> as a time span.</summary>
    public TimeSpan DefaultTtl => TimeSpan.FromSeconds(DefaultTtlSeconds);

    /// <summary>Returns one message per invalid field, each naming it; empty when the options are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxBytes <= 0)
        {
            problems.Add($"{Section}:MaxBytes: must be a positive number of bytes (got {MaxBytes}).");
        }

        if (DefaultTtlSeconds <= 0 || DefaultTtlSeconds > AgentTool.MaxCacheTtlSeconds)
        {
            problems.Add($"{Section}:DefaultTtlSeconds: must be more than 0 and at most {AgentTool.MaxCacheTtlSeconds} seconds (got {DefaultTtlSeconds}).");
        }

        return problems;
    }
}
