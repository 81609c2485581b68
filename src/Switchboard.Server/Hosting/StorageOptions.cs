namespace Switchboard.Server.Hosting;

/// <summary>Storage settings (section <c>Switchboard:Storage</c>).</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Switchboard:Storage";

    /// <summary>Gets or sets the directory that holds Switchboard's files; created on first start.</summary>
    /// <value>The default is <c>data</c> under the working directory.</value>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Gets or sets the SQLite database file.</summary>
    /// <value>The default is <c>switchboard.db</c> in <see cref="DataDirectory"/>.</value>
    public string? DatabasePath { get; set; }
}
