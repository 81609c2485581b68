namespace Switchboard.Nlu.Slots;

/// <summary>Date arithmetic for relative dates, with weeks that start on Monday (ISO 8601).</summary>
internal static class WeekCalendar
{
    /// <summary>Returns the Monday of the week that contains <paramref name="date"/>.</summary>
    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>Returns the weekday (0 = Monday … 6 = Sunday) of the week <paramref name="weekOffset"/> weeks from the reference week.</summary>
    public static bool TryWeekday(DateOnly today, int weekOffset, int mondayBasedDay, out DateOnly date) =>
        TryAddDays(MondayOf(today), (weekOffset * 7L) + mondayBasedDay, out date);

    /// <summary>Adds days, returning false instead of throwing when the result leaves the DateOnly range.</summary>
    public static bool TryAddDays(DateOnly date, long days, out DateOnly result)
    {
        var dayNumber = date.DayNumber + days;
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber)
        {
            result = default;
            return false;
        }

        result = DateOnly.FromDayNumber((int)dayNumber);
        return true;
    }

    /// <summary>Adds months (clamping the day to the month's length), returning false when the result leaves the range.</summary>
    public static bool TryAddMonths(DateOnly date, int months, out DateOnly result)
    {
        var monthIndex = (date.Year * 12L) + date.Month - 1 + months;
        if (monthIndex < 12 || monthIndex > (9999 * 12L) + 11)
        {
            result = default;
            return false;
        }

        result = date.AddMonths(months);
        return true;
    }

    /// <summary>Creates a date from its parts, returning false for an impossible date such as 31 April.</summary>
    public static bool TryCreate(int year, int month, int day, out DateOnly date)
    {
        if (year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            date = new DateOnly(year, month, day);
            return true;
        }

        date = default;
        return false;
    }
}
