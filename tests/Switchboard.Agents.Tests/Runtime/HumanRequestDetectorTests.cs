using Switchboard.Agents.Runtime;

namespace Switchboard.Agents.Tests.Runtime;

public sealed class HumanRequestDetectorTests
{
    [Theory]
    [InlineData("can I talk to a human")]
    [InlineData("I want to speak to a real person")]
    [InlineData("connect me with an agent please")]
    [InlineData("Please transfer me to your supervisor!")]
    [InlineData("real person please")]
    [InlineData("I want a human")]
    [InlineData("转人工")]
    [InlineData("我要人工客服")]
    [InlineData("帮我找客服")]
    public void IsMatch_RequestForAPerson_IsRecognised(string message)
    {
        Assert.True(HumanRequestDetector.IsMatch(message));
    }

    [Theory]
    [InlineData("the human body")]
    [InlineData("my agent code is 5")]
    [InlineData("how do I reset my password")]
    [InlineData("a person at the door signed for my parcel")]
    [InlineData("where is my order ORD-1001")]
    [InlineData("我的订单到哪了")]
    public void IsMatch_OrdinaryMessage_IsNotARequest(string message)
    {
        Assert.False(HumanRequestDetector.IsMatch(message));
    }
}
