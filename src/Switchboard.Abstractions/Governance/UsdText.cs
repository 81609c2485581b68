using System.Globalization;

namespace Switchboard.Abstractions.Governance;

/// <summary>Formats USD amounts for messages: cents for a dollar or more, four significant places below a cent.</summary>
internal static class UsdText
{
    /// <summary>Formats <paramref name="amount"/> as <c>$10.00</c>, <c>$0.0123</c> or <c>$0.0040</c>.</summary>
    public static string Format(decimal amount)
    {
        var format = amount == 0 || Math.Abs(amount) >= 1 ? "0.00" : Math.Abs(amount) >= 0.01m ? "0.00##" : "0.0000##";
        return "$" + amount.ToString(format, CultureInfo.InvariantCulture);
    }
}
