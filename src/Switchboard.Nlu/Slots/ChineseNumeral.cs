namespace Switchboard.Nlu.Slots;

/// <summary>Reads small Chinese numerals ("三", "两", "十五", "二十一", "一百") as used in relative dates.</summary>
internal static class ChineseNumeral
{
    /// <summary>Parses ASCII digits or a Chinese numeral below 1000; returns false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        var total = 0;
        var pending = -1;
        var lastUnit = int.MaxValue;
        foreach (var character in text)
        {
            if (character is '零' or '〇' && total > 0 && pending < 0)
            {
                continue; // the gap in "一百零五" (105)
            }

            var digit = DigitOf(character);
            if (digit >= 0)
            {
                if (pending >= 0)
                {
                    return false; // two digits in a row ("三四") is a range, not a number
                }

                pending = digit;
            }
            else if (character is '十' or '百')
            {
                var unit = character == '十' ? 10 : 100;
                if (unit >= lastUnit)
                {
                    return false; // units only go down: "十十" or "十百" is no number
                }

                lastUnit = unit;
                total += (pending < 0 ? 1 : pending) * unit;
                pending = -1;
            }
            else
            {
                return false;
            }
        }

        value = total + Math.Max(pending, 0);
        return value > 0;
    }

    private static int DigitOf(char character) => character switch
    {
        '零' or '〇' => 0,
        '一' => 1,
        '二' or '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => -1,
    };
}
