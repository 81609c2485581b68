using System.Text.RegularExpressions;

namespace Switchboard.Nlu.Slots;

/// <summary>
/// Finds order, reference, ticket and tracking ids in three shapes: a known id prefix ("ORD-12345", "INV12345"),
/// a hash and an id ("#123456"), or an id of 4-40 letters, digits and inner hyphens containing at least one digit,
/// introduced by a keyword ("order 987654", "tracking number 1Z999AA10123456784", "订单号：202311210001").
/// A bare number is never an order number.
/// </summary>
internal static partial class OrderNumberRecognizer
{
    /// <summary>Adds the order numbers in <paramref name="folded"/> to <paramref name="sink"/>.</summary>
    public static void Collect(string original, string folded, List<SlotCandidate> sink)
    {
        foreach (var match in PrefixedPattern().EnumerateMatches(folded))
        {
            Add(original, folded, match.Index, match.Length, match.Index, sink);
        }

        foreach (Match match in HashPattern().Matches(folded))
        {
            var id = match.Groups["id"];
            if (id.ValueSpan.ContainsAnyInRange('0', '9'))
            {
                Add(original, folded, match.Index, match.Length, id.Index, sink);
            }
        }

        foreach (Match match in KeywordPattern().Matches(folded))
        {
            var id = match.Groups["id"];
            if (id.ValueSpan.ContainsAnyInRange('0', '9'))
            {
                Add(original, folded, id.Index, id.Length, id.Index, sink);
            }
        }
    }

    private static void Add(string original, string folded, int start, int length, int idStart, List<SlotCandidate> sink)
    {
        var value = folded[idStart..(start + length)].ToUpperInvariant();
        sink.Add(SlotCandidate.Create(SlotTypes.OrderNumber, original, start, length, value, SlotCandidate.OrderNumberPriority));
    }

    [GeneratedRegex(
        @"(?<![a-z0-9])(?:order|ord|ref|inv|tkt|rma)-?[0-9]{4,20}(?:-[a-z0-9]{1,20}){0,3}(?![a-z0-9])",
        RegexOptions.CultureInvariant)]
    private static partial Regex PrefixedPattern();

    [GeneratedRegex(
        @"(?<![a-z0-9&#])#(?<id>[a-z0-9][a-z0-9\-]{2,38}[a-z0-9])(?![a-z0-9])",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex HashPattern();

    // Keyword, then any of the usual fillers ("number", "no.", "is", "#", ":", "号", "是"), then the id.
    [GeneratedRegex(
        @"(?:(?<![a-z])(?:order|reference|ref|ticket|tracking|confirmation|invoice|shipment)(?![a-z])|订单|单号|运单|工单|快递单)" +
        @"(?:\s{0,3}(?:number|num|no\.?|id|code|is|was|号码|编号|号|是|为|[:#=]))*\s{0,3}(?<id>[a-z0-9][a-z0-9\-]{2,38}[a-z0-9])(?![a-z0-9])",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex KeywordPattern();
}
