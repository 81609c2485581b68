using Microsoft.Extensions.Configuration;
using Switchboard.Server.Hosting;

namespace Switchboard.Server.Tests.Hosting;

public sealed class StrictConfigurationBinderTests
{
    [Fact]
    public void Bind_ValidValuesOfEveryShape_BindsThemAll()
    {
        var options = StrictConfigurationBinder.Bind<Sample>(Configuration(new()
        {
            ["S:Version"] = "2.0",
            ["S:Timeout"] = "00:00:30",
            ["S:Address"] = "http://127.0.0.1:1/v1",
            ["S:Numbers:0"] = "1",
            ["S:Numbers:1"] = "2",
            ["S:Items:a:Kind"] = "second",
            ["S:Items:a:Weights:0"] = "0.5",
            ["S:Headers:x-one"] = "1",
        }), "S");

        Assert.Equal(new Version(2, 0), options.Version);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.Equal([1, 2], options.Numbers);
        Assert.Equal(Kind.Second, options.Items["a"].Kind);
        Assert.Equal([0.5], options.Items["a"].Weights);
        Assert.Equal("1", options.Headers["x-one"]);
    }

    [Fact]
    public void Bind_ValuesTheBinderWouldDropOrThrowOn_AreAllNamed()
    {
        var exception = Assert.Throws<ConfigurationValidationException>(() => StrictConfigurationBinder.Bind<Sample>(Configuration(new()
        {
            ["S:Version"] = "two",
            ["S:Numbers:0"] = "1",
            ["S:Numbers:1"] = "x",
            ["S:Items:a:Kind"] = "third",
            ["S:Items:b:Weights:0"] = "heavy",
            ["S:Items:c"] = "flat",
        }), "S"));

        Assert.Equal(
            [
                "S:Version: 'two' is not a valid Version.",
                "S:Numbers:1: 'x' is not a whole number.",
                "S:Items:a:Kind: 'third' is not one of First, Second.",
                "S:Items:b:Weights:0: 'heavy' is not a number.",
                "S:Items:c: 'flat' is a single value; it needs fields, such as S:Items:c:<field>.",
            ],
            exception.Errors);
    }

    [Fact]
    public void Bind_NullForAFieldThatCannotBeNull_IsNamed_NotBoundAsFalseOrZero()
    {
        var exception = Assert.Throws<ConfigurationValidationException>(() => StrictConfigurationBinder.Bind<Sample>(Configuration(new()
        {
            ["S:Enabled"] = null,
            ["S:Count"] = null,
            ["S:Timeout"] = null,
        }), "S"));

        Assert.Equal(
            [
                "S:Enabled: is null; give true or false, or leave the key out for the default.",
                "S:Count: is null; give a whole number, or leave the key out for the default.",
            ],
            exception.Errors);
    }

    [Fact]
    public void Bind_JsonNullForAFieldThatCannotBeNull_IsNamed()
    {
        using var json = new MemoryStream("""{"S":{"Enabled":null,"Timeout":null}}"""u8.ToArray());
        var configuration = new ConfigurationBuilder().AddJsonStream(json).Build();

        var exception = Assert.Throws<ConfigurationValidationException>(() => StrictConfigurationBinder.Bind<Sample>(configuration, "S"));

        Assert.Equal(["S:Enabled: is null; give true or false, or leave the key out for the default."], exception.Errors);
    }

    [Fact]
    public void Bind_NothingConfigured_KeepsTheDefaults()
    {
        var options = StrictConfigurationBinder.Bind<Sample>(Configuration([]), "S");

        Assert.Null(options.Version);
        Assert.True(options.Enabled);
        Assert.Equal(3, options.Count);
        Assert.Empty(options.Items);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private enum Kind
    {
        First,
        Second,
    }

    private sealed class Sample
    {
        public Version? Version { get; set; }

        public bool Enabled { get; set; } = true;

        public int Count { get; set; } = 3;

        public TimeSpan? Timeout { get; set; }

        public Uri? Address { get; set; }

        public List<int> Numbers { get; } = [];

        public Dictionary<string, Item> Items { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    private sealed class Item
    {
        public Kind Kind { get; set; }

        public List<double> Weights { get; } = [];
    }
}
