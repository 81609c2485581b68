namespace Switchboard.Nlu.Slots;

/// <summary>
/// Extracts order numbers, e-mail addresses, phone numbers, amounts of money and dates from English, Chinese and
/// mixed text. Offsets refer to the original input; full-width letters, digits and punctuation are matched like
/// their ASCII forms. Instances are immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// <para>
/// <b>Overlaps.</b> When candidates overlap, the longest wins; at equal length the more specific type wins
/// (e-mail, then date, then order number, then money, then phone); then the earlier one. So "+86 138 0013 8000" is one
/// phone number rather than a phone inside a phone, "订单号 13800138000" is an order number, and "ORD-2024-03-15" is an
/// order number rather than a date.
/// </para>
/// <para>
/// <b>Relative dates</b> are computed from the reference date passed to <see cref="Extract"/>; the extractor never
/// reads the clock. Weeks start on Monday (ISO 8601), and English and Chinese follow the same rules:
/// </para>
/// <list type="bullet">
/// <item><description>"this Friday", "这周五", "本周五": the Friday of the current week, which may be in the past.</description></item>
/// <item><description>"next Friday", "下周五", "下个星期五": the Friday of the next week, never the coming Friday of this
/// week. On Wednesday 2024-03-13 it is 2024-03-22, not 2024-03-15.</description></item>
/// <item><description>"last Monday", "上周一": the Monday of the previous week. "下下周五" and "上上周一" move two weeks.</description></item>
/// <item><description>"today/今天" 0, "tomorrow/明天" +1, "the day after tomorrow/后天" +2, "大后天" +3,
/// "yesterday/昨天" −1, "the day before yesterday/前天" −2, "大前天" −3 days.</description></item>
/// <item><description>"in 3 days", "3 days later", "3天后", "三天以后": +3 days; "3 days ago", "三天前": −3 days. Weeks
/// ("in 2 weeks", "两周后") and months ("3 months ago", "3个月前") work the same way; counts are digits, English
/// words up to twelve, or Chinese numerals below one thousand (一, 两, 十五, 二十一).</description></item>
/// </list>
/// <para>
/// <b>Absolute dates</b> without a year ("March 15", "3月15日") take the reference date's year. A numeric date with the
/// year last ("15/03/2024") is read day first when the first part is above 12, month first when only the second part
/// is above 12, and otherwise as <see cref="DayFirst"/> says. Impossible dates (31 April) are not dates.
/// </para>
/// </remarks>
public sealed class SlotExtractor
{
    /// <summary>Gets a value indicating whether an ambiguous numeric date such as "03/04/2024" is read day first.</summary>
    /// <value>
    /// The default is <see langword="true"/>: "03/04/2024" is 3 April 2024, as in most of the world. Set it to
    /// <see langword="false"/> for United States traffic, where it is 4 March 2024.
    /// </value>
    public bool DayFirst { get; init; } = true;

    /// <summary>Returns the slots found in <paramref name="text"/>, sorted by start offset and never overlapping.</summary>
    /// <param name="text">The text to search, as the user wrote it.</param>
    /// <param name="today">The reference date for relative dates ("tomorrow", "下周五") and for dates without a year.</param>
    /// <returns>The slots; empty when there are none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<Slot> Extract(string text, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        var folded = SlotTextFolder.Fold(text);
        var candidates = new List<SlotCandidate>();
        EmailRecognizer.Collect(text, folded, candidates);
        DateRecognizer.Collect(text, folded, today, DayFirst, candidates);
        OrderNumberRecognizer.Collect(text, folded, candidates);
        MoneyRecognizer.Collect(text, folded, candidates);
        PhoneRecognizer.Collect(text, folded, candidates);
        return SlotOverlapResolver.Resolve(candidates);
    }
}
