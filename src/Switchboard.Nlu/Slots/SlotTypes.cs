namespace Switchboard.Nlu.Slots;

/// <summary>The slot types that <see cref="SlotExtractor"/> recognises, with the canonical form of each value.</summary>
public static class SlotTypes
{
    /// <summary>
    /// An order, reference, ticket or tracking id. The value is the id upper-cased (invariant), without a leading
    /// <c>#</c>: "ord-12345" gives "ORD-12345", "#123456" gives "123456".
    /// </summary>
    public const string OrderNumber = "order_number";

    /// <summary>An e-mail address. The value is the address in lower case.</summary>
    public const string Email = "email";

    /// <summary>
    /// A telephone number. The value is its digits, prefixed with <c>+</c> and the country code when one is known:
    /// "+1 (415) 555-0132" gives "+14155550132", the Chinese mobile "138-0013-8000" gives "+8613800138000", and a
    /// North American number written without a country code, "(415) 555-0132", gives "4155550132".
    /// </summary>
    public const string Phone = "phone";

    /// <summary>
    /// An amount of money. The value is "&lt;amount&gt; &lt;ISO 4217 code&gt;" with invariant formatting, no thousands
    /// separators and no trailing zeros: "USD 1,299.99" gives "1299.99 USD", "3.5万元" gives "35000 CNY".
    /// </summary>
    public const string Money = "money";

    /// <summary>A calendar date, absolute or relative to the reference date. The value is ISO 8601, <c>yyyy-MM-dd</c>.</summary>
    public const string Date = "date";
}
