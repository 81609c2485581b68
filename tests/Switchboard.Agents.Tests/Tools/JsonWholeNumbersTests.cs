using System.Text;
using Switchboard.Agents.Tools;

namespace Switchboard.Agents.Tests.Tools;

public sealed class JsonWholeNumbersTests
{
    [Theory]
    [InlineData("0", true)]
    [InlineData("3", true)]
    [InlineData("-3.00", true)]
    [InlineData("30e-1", true)]
    [InlineData("100e-2", true)]
    [InlineData("12.30e1", true)]
    [InlineData("1E+2", true)]
    [InlineData("1e30", true)]
    [InlineData("0.0e5", true)]
    [InlineData("123456789012345678901.0", true)]
    [InlineData("2.5", false)]
    [InlineData("-0.5", false)]
    [InlineData("101e-2", false)]
    [InlineData("1.23e1", false)]
    [InlineData("1e-30", false)]
    [InlineData("2.99999999999999999999999999999", false)]
    [InlineData("5e-999999999999", false)]
    public void IsWhole_ReadsTheNumbersText_WithoutRounding(string number, bool expected)
    {
        Assert.Equal(expected, JsonWholeNumbers.IsWhole(Encoding.UTF8.GetBytes(number)));
    }
}
