using Switchboard.Agents.Definitions;
using Switchboard.Agents.Presets;

namespace Switchboard.Agents.Tests.Definitions;

public sealed class AgentPresetsTests
{
    [Fact]
    public void Load_SupportDesk_ParsesWithTheRouterAsEntry()
    {
        var team = AgentPresets.Load("support-desk");

        Assert.Equal("support-desk", team.Name);
        Assert.Equal("preset:support-desk", team.Source);
        Assert.Equal("router", team.Entry);
        Assert.Equal(["router", "faq", "order", "refund", "technical"], team.Agents.Select(a => a.Name));
        var router = team.Agents.Single(a => a.Name == team.Entry).Router;
        Assert.NotNull(router);
        Assert.Equal(RouterMode.Classifier, router.Mode);
        Assert.Equal("faq", router.Default);
        Assert.Contains(AgentCatalog.HumanRoute, router.Routes);
        Assert.NotEmpty(router.HumanExamples);
        Assert.All(team.Agents.Where(a => a.Router is null), a => Assert.NotEmpty(a.Examples));
    }

    [Fact]
    public void Load_EveryShippedPreset_Parses()
    {
        Assert.All(AgentPresets.Names, name => Assert.Equal(name, AgentPresets.Load(name).Name));
    }

    [Fact]
    public void Load_UnknownPreset_ThrowsNamingThePresets()
    {
        var exception = Assert.Throws<ArgumentException>(() => AgentPresets.Load("call-centre"));

        Assert.Contains("'call-centre'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("support-desk", exception.Message, StringComparison.Ordinal);
    }
}
