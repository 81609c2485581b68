namespace Switchboard.Knowledge;

/// <summary>
/// Everyday off-topic requests in English and Chinese (weather, small talk, trivia, media, other services). The
/// built-in answering engine learns them as an out-of-scope class next to a knowledge base's entries, so that a
/// support desk declines "tell me a joke" without every operator having to write such examples.
/// </summary>
public static class GenericOutOfScope
{
    /// <summary>Gets the examples.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "what's the weather like today", "will it rain tomorrow", "how hot is it outside", "tell me a joke",
        "tell me something funny", "who won the football game last night", "what's the score of the match",
        "play some music", "recommend a good movie", "what should I watch tonight", "what is the capital of France",
        "how tall is mount everest", "who is the president", "what time is it in tokyo", "set an alarm for 7am",
        "remind me to call mom", "how do I cook pasta", "give me a recipe for pancakes", "what's 15 times 23",
        "solve this equation for x", "translate hello into spanish", "write me a poem", "write a python function",
        "how do I fix my car engine", "book a flight to london", "find a hotel near me", "what's the stock price of apple",
        "should I buy bitcoin", "how do I lose weight", "what are the symptoms of flu", "who wrote hamlet",
        "how far is the moon", "what's your favourite colour", "do you like cats", "are you a robot", "what is love",
        "sing me a song", "how do I learn guitar", "what's the best phone to buy", "explain quantum physics",
        "how many legs does a spider have", "what day is it tomorrow", "tell me about the history of rome",
        "how do I plant tomatoes", "what is the meaning of life", "how do I get to the train station",
        "今天天气怎么样", "明天会下雨吗", "给我讲个笑话", "说个段子", "昨晚的球赛谁赢了", "放一首歌", "推荐一部电影",
        "今晚看什么电视剧", "法国的首都是哪里", "珠穆朗玛峰有多高", "现在几点了", "帮我定个早上七点的闹钟",
        "提醒我给妈妈打电话", "红烧肉怎么做", "十五乘以二十三等于多少", "把你好翻译成英文", "给我写一首诗",
        "帮我写一段代码", "帮我订一张去北京的机票", "附近有什么好吃的", "股票明天会涨吗", "怎么减肥最快",
        "感冒了吃什么药", "红楼梦的作者是谁", "月亮离地球多远", "你喜欢什么颜色", "你是机器人吗", "人生的意义是什么",
        "唱首歌给我听", "怎么学吉他", "哪款手机最好", "解释一下量子力学", "怎么去火车站", "今天星期几",
    ];
}
