namespace Switchboard.Nlu.Slots;

/// <summary>A possible slot before overlaps are resolved.</summary>
/// <param name="Slot">The slot.</param>
/// <param name="Priority">Breaks ties between overlapping candidates of equal length; higher wins.</param>
internal readonly record struct SlotCandidate(Slot Slot, int Priority)
{
    /// <summary>Priority of e-mail addresses: an address contains digits and dots that other recognisers would claim.</summary>
    public const int EmailPriority = 50;

    /// <summary>Priority of dates: "2024-03-15" after "order" is still a date.</summary>
    public const int DatePriority = 40;

    /// <summary>Priority of order numbers: an id introduced by "order" or "订单号" beats a phone-shaped reading.</summary>
    public const int OrderNumberPriority = 30;

    /// <summary>Priority of money amounts.</summary>
    public const int MoneyPriority = 20;

    /// <summary>Priority of phone numbers, the least specific shape.</summary>
    public const int PhonePriority = 10;

    /// <summary>Creates a candidate whose text is cut from the original input.</summary>
    public static SlotCandidate Create(string type, string original, int start, int length, string value, int priority) =>
        new(new Slot(type, original.Substring(start, length), start, length, value), priority);
}
