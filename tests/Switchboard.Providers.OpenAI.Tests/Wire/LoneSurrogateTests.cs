using System.Text;
using Switchboard.Abstractions.Json;

namespace Switchboard.Providers.OpenAI.Tests.Wire;

public sealed class LoneSurrogateTests
{
    [Theory]
    [InlineData("""{"a":"\ud800"}""")]
    [InlineData("""{"a":"\udc00"}""")]
    [InlineData("""{"a":"x\ud83dy"}""")]
    [InlineData("""{"a":"\ud83d\ud83d\ude00"}""")]
    [InlineData("""{"a":"\ud83d\n"}""")]
    [InlineData("""{"a":"\ud83d\u0041"}""")]
    [InlineData("""{"\uDBFF":1}""")]
    [InlineData("""[1,{"b":[true,"\\\ud800"]}]""")]
    public void HoldsLoneSurrogate_FindsOneAnywhere(string json) =>
        Assert.True(JsonTokens.HoldsLoneSurrogate(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"a":"hi"}""")]
    [InlineData("""{"a":"\ud83d\ude00 and \uD83D\uDE00"}""")]
    [InlineData("""{"a":"\\ud800"}""")]
    [InlineData("""{"a":"\u00e9\n\"\\"}""")]
    [InlineData("""{"a":"😀 你好"}""")]
    [InlineData("""{"a":"\\\\ud800"}""")]
    public void HoldsLoneSurrogate_PassesWellFormedText(string json) =>
        Assert.False(JsonTokens.HoldsLoneSurrogate(Encoding.UTF8.GetBytes(json)));
}
