using Switchboard.Abstractions.Agents;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Runtime;

namespace Switchboard.Agents.Tests.Runtime;

public sealed class EscalationRulesTests
{
    private const string Furious = "This is terrible, the worst service ever. I am furious and disgusted, you are useless.";

    private readonly EscalationRules _rules = new();

    [Fact]
    public void CheckMessage_RequestForAPerson_EscalatesAtTheConfiguredPriority()
    {
        var decision = _rules.CheckMessage(new EscalationSettings { Priority = QueuePriority.Low }, "can I talk to a human");

        Assert.Equal(new EscalationDecision("The customer asked for a person.", QueuePriority.Low, EscalationKinds.HumanRequest), decision);
    }

    [Fact]
    public void CheckMessage_StronglyNegativeMessage_EscalatesOnePriorityHigher()
    {
        var decision = _rules.CheckMessage(new EscalationSettings(), Furious);

        Assert.NotNull(decision);
        Assert.StartsWith("Negative sentiment (-", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(QueuePriority.High, decision.Priority);
    }

    [Fact]
    public void CheckMessage_NegativeMessageAtUrgent_StaysUrgent()
    {
        var decision = _rules.CheckMessage(new EscalationSettings { Priority = QueuePriority.Urgent }, Furious);

        Assert.Equal(QueuePriority.Urgent, decision?.Priority);
    }

    [Fact]
    public void CheckMessage_NegativeMessageAboveTheThreshold_DoesNotEscalate()
    {
        Assert.Null(_rules.CheckMessage(new EscalationSettings { NegativeSentiment = -1.01 }, Furious));
    }

    [Theory]
    [InlineData("What are your opening hours?")]
    [InlineData("where is my order ORD-1001")]
    [InlineData("Thanks, that was helpful!")]
    public void CheckMessage_NeutralOrPositiveMessage_DoesNotEscalate(string message)
    {
        Assert.Null(_rules.CheckMessage(new EscalationSettings(), message));
    }

    [Theory]
    [InlineData("can I talk to a human")]
    [InlineData(Furious)]
    public void CheckMessage_DisabledRules_NeverEscalate(string message)
    {
        Assert.Null(_rules.CheckMessage(new EscalationSettings { Enabled = false }, message));
    }

    [Fact]
    public void CheckMessage_HumanRequestsSwitchedOff_DoNotEscalate()
    {
        Assert.Null(_rules.CheckMessage(new EscalationSettings { OnHumanRequest = false }, "can I talk to a human"));
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(true, 0.9, true)]
    [InlineData(false, 0.2, true)]
    [InlineData(false, 0.5, false)]
    [InlineData(false, 0.9, false)]
    [InlineData(false, null, false)]
    public void IsFailedTurn_DeclinedOrBelowMinConfidence_IsFailed(bool declined, double? confidence, bool failed)
    {
        Assert.Equal(failed, EscalationRules.IsFailedTurn(new EscalationSettings { MinConfidence = 0.5 }, declined, confidence));
    }

    [Fact]
    public void CheckFailedTurns_EscalatesFromTheThreshold()
    {
        var settings = new EscalationSettings { MaxFailedTurns = 2 };

        Assert.Null(EscalationRules.CheckFailedTurns(settings, 0));
        Assert.Null(EscalationRules.CheckFailedTurns(settings, 1));
        Assert.Equal(new EscalationDecision("The bot could not answer 2 turns in a row.", QueuePriority.Normal, EscalationKinds.FailedTurns), EscalationRules.CheckFailedTurns(settings, 2));
        Assert.NotNull(EscalationRules.CheckFailedTurns(settings, 3));
        Assert.Null(EscalationRules.CheckFailedTurns(settings with { Enabled = false }, 5));
    }

    [Fact]
    public void CheckRoute_HumanRoute_EscalatesWithRaisedPriority()
    {
        var decision = EscalationRules.CheckRoute(new EscalationSettings(), AgentCatalog.HumanRoute);

        Assert.Equal(new EscalationDecision("The message was routed to 'human' (a complaint or a request for a person).", QueuePriority.High, EscalationKinds.Routed), decision);
    }

    [Fact]
    public void CheckRoute_ConfiguredIntent_EscalatesAndOtherRoutesDoNot()
    {
        var settings = new EscalationSettings { Intents = ["complaints"] };

        Assert.NotNull(EscalationRules.CheckRoute(settings, "complaints"));
        Assert.NotNull(EscalationRules.CheckRoute(settings, AgentCatalog.HumanRoute));
        Assert.Null(EscalationRules.CheckRoute(settings, "faq"));
        Assert.Null(EscalationRules.CheckRoute(settings with { Enabled = false }, AgentCatalog.HumanRoute));
    }
}
