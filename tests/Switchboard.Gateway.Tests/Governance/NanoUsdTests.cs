using Switchboard.Gateway.Governance;

namespace Switchboard.Gateway.Tests.Governance;

public sealed class NanoUsdTests
{
    [Theory]
    [InlineData("0.0000000015", 1, 2)]
    [InlineData("1", 1_000_000_000, 1_000_000_000)]
    [InlineData("-3", 0, 0)]
    [InlineData("9223372036.854775807", long.MaxValue, long.MaxValue)]
    [InlineData("100000000000000000000", long.MaxValue, long.MaxValue)]
    [InlineData("79228162514264337593543950335", long.MaxValue, long.MaxValue)]
    public void FloorAndCeiling_RoundToWholeNanoDollarsAndClampInsteadOfOverflowing(string usd, long floor, long ceiling)
    {
        var amount = decimal.Parse(usd, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal((floor, ceiling), (NanoUsd.Floor(amount), NanoUsd.Ceiling(amount)));
    }
}
