using System.Globalization;
using System.Text.RegularExpressions;

namespace Switchboard.Nlu.Slots;

/// <summary>
/// Finds amounts of money: a number with a currency sign or code before it ("$25", "USD 1,299.99", "人民币 50 块"),
/// a currency word after it ("25 dollars", "199元"), or both. A number without a currency is not money. An optional
/// Chinese or "k" multiplier sits between the number and the unit ("3.5万元" is 35000 CNY, "$2k" is 2000 USD).
/// "¥" and "￥" are read as Chinese yuan (CNY), the common meaning in Chinese-language support traffic.
/// </summary>
internal static partial class MoneyRecognizer
{
    private static readonly Dictionary<string, string> Currencies = new(StringComparer.Ordinal)
    {
        ["$"] = "USD",
        ["us$"] = "USD",
        ["usd"] = "USD",
        ["dollar"] = "USD",
        ["dollars"] = "USD",
        ["buck"] = "USD",
        ["bucks"] = "USD",
        ["美元"] = "USD",
        ["美金"] = "USD",
        ["€"] = "EUR",
        ["eur"] = "EUR",
        ["euro"] = "EUR",
        ["euros"] = "EUR",
        ["欧元"] = "EUR",
        ["£"] = "GBP",
        ["gbp"] = "GBP",
        ["pound"] = "GBP",
        ["pounds"] = "GBP",
        ["英镑"] = "GBP",
        ["¥"] = "CNY",
        ["cny"] = "CNY",
        ["rmb"] = "CNY",
        ["yuan"] = "CNY",
        ["元"] = "CNY",
        ["块"] = "CNY",
        ["块钱"] = "CNY",
        ["人民币"] = "CNY",
        ["jpy"] = "JPY",
        ["yen"] = "JPY",
        ["日元"] = "JPY",
        ["hk$"] = "HKD",
        ["hkd"] = "HKD",
        ["港币"] = "HKD",
        ["港元"] = "HKD",
    };

    private static readonly Dictionary<string, decimal> Multipliers = new(StringComparer.Ordinal)
    {
        ["k"] = 1_000m,
        ["千"] = 1_000m,
        ["万"] = 10_000m,
        ["亿"] = 100_000_000m,
    };

    /// <summary>Adds the amounts in <paramref name="folded"/> to <paramref name="sink"/>.</summary>
    public static void Collect(string original, string folded, List<SlotCandidate> sink)
    {
        foreach (Match match in MoneyPattern().Matches(folded))
        {
            var prefix = match.Groups["prefix"];
            var suffix = match.Groups["suffix"];
            if (!prefix.Success && !suffix.Success)
            {
                continue;
            }

            // A sign or code before the number names the currency; the word after it ("块", "dollars") only repeats it.
            var currency = Currencies[prefix.Success ? prefix.Value : suffix.Value];
            if (!decimal.TryParse(match.Groups["amount"].ValueSpan, NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands,
                    CultureInfo.InvariantCulture, out var amount))
            {
                continue;
            }

            var multiplier = match.Groups["multiplier"];
            if (multiplier.Success)
            {
                // An amount beyond decimal's range ("$100,000,…,000k") is no amount anyone means: it is skipped.
                var factor = Multipliers[multiplier.Value];
                if (Math.Abs(amount) > decimal.MaxValue / factor)
                {
                    continue;
                }

                amount *= factor;
            }

            var value = amount.ToString("0.##########", CultureInfo.InvariantCulture) + " " + currency;
            sink.Add(SlotCandidate.Create(SlotTypes.Money, original, match.Index, match.Length, value, SlotCandidate.MoneyPriority));
        }
    }

    // Not after 万/千/亿: the "5千元" of "3万5千元" is not an amount on its own (compound amounts are not read).
    // Amount: 1-15 digits, or 1-3 digits followed by ",ddd" groups, with an optional decimal part; never directly
    // followed by more digits, so "$1,2345" does not yield "$1". Alternations list longer spellings first.
    [GeneratedRegex(
        @"(?<![0-9a-z.,万千亿])(?:(?<prefix>us\$|hk\$|\$|€|£|¥|usd|eur|gbp|cny|rmb|jpy|hkd|人民币|美元|欧元|英镑|日元|港币)\s?)?" +
        @"(?<amount>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]{1,4})?|[0-9]{1,15}(?:\.[0-9]{1,4})?)(?![0-9]|[.,][0-9])" +
        @"(?:\s?(?<multiplier>万|千|亿|k(?![a-z])))?" +
        @"(?:\s?(?<suffix>dollars|dollar|bucks|buck|euros|euro|pounds|pound|yuan|yen|rmb|usd|eur|gbp|cny|jpy|hkd|块钱|块|元|美元|美金|欧元|英镑|日元|港币|港元|人民币))?" +
        @"(?![a-z])",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex MoneyPattern();
}
