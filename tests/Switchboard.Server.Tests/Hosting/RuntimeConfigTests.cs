using System.Text.Json;

namespace Switchboard.Server.Tests.Hosting;

/// <summary>
/// The runtime settings the server ships in its <c>runtimeconfig.json</c>: the GC settings that keep its memory under
/// load within the target (bench/results/load-harness.md). They are read by the runtime before any of the
/// server's code runs, so the built file is what is checked.
/// </summary>
public sealed class RuntimeConfigTests
{
    private static JsonElement ConfigProperties()
    {
        // Copied next to the tests with the server's build output, as for any referenced executable.
        var path = Path.Combine(AppContext.BaseDirectory, "Switchboard.Server.runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing from the build output");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Theory]
    [InlineData("System.GC.RegionSize", 1L << 20)]
    [InlineData("System.GC.Gen0MaxBudget", 10L << 20)]
    public void GcMemorySettings_AreShipped(string name, long expected)
    {
        Assert.True(ConfigProperties().TryGetProperty(name, out var value), $"{name} is not set");

        // MSBuild writes RuntimeHostConfigurationOption values as strings; the runtime parses them as numbers.
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        Assert.Equal(expected, long.Parse(text!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void WorkstationGc_IsShipped()
    {
        Assert.False(ConfigProperties().GetProperty("System.GC.Server").GetBoolean());
    }
}
