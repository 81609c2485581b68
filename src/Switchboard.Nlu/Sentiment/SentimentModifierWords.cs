namespace Switchboard.Nlu.Sentiment;

/// <summary>Negators, intensifiers, diminishers and contrast words for English and Chinese.</summary>
internal static class SentimentModifierWords
{
    /// <summary>Words that flip the polarity of the next polar word.</summary>
    public const string Negators =
        "not|no|never|nor|neither|without|hardly|barely|cannot|nothing|" +
        "don't|doesn't|didn't|isn't|wasn't|aren't|weren't|won't|can't|couldn't|shouldn't|wouldn't|haven't|hasn't|hadn't|" +
        "dont|doesnt|didnt|isnt|wasnt|arent|wont|cant|couldnt|havent|hasnt|" +
        "不|没|没有|别|未|无|不是|并不|并没有|从不|从来不|从来没有|绝不|毫不|不太|不怎么|不够|一点也不|一点都不";

    /// <summary>Intensifiers (factor above 1) and diminishers (below 1), grouped by factor.</summary>
    public static readonly (double Factor, string Entries)[] Modifiers =
    [
        (1.8, "extremely|incredibly|utterly|insanely|ridiculously|极其|极度|超级|非常非常"),
        (1.6, "absolutely|completely|totally|super|so much|非常|特别|根本|完全|实在是"),
        (1.5, "very|really|truly|highly|seriously|太|十分|超|相当|实在|简直"),
        (1.4, "so|such|too|especially|particularly|way too|真|真的|真是|好多|越来越"),
        (1.3, "quite|pretty|much|很|挺|蛮|更|更加|最"),
        (0.8, "fairly|rather|relatively|比较|还算|算是"),
        (0.6, "a bit|a little|somewhat|kind of|sort of|kinda|sorta|有点|有点儿|有些|有一点|一点点|稍微|稍稍|略微"),
        (0.5, "slightly|a little bit|a tiny bit|marginally|些许"),
    ];

    /// <summary>Words after which the rest of the text outweighs what came before.</summary>
    public const string Contrasts = "but|however|但|但是|可是|不过|然而|只是";
}
