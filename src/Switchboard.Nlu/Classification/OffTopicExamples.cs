namespace Switchboard.Nlu.Classification;

/// <summary>
/// Generic utterances that belong to no task (greetings, chit-chat, other domains), in English and Chinese: the
/// out-of-scope class of <see cref="ExampleClassifier"/>, so that it can decline.
/// </summary>
internal static class OffTopicExamples
{
    public static IReadOnlyList<string> All { get; } =
    [
        "hello", "hi there", "good morning", "thanks a lot", "thank you", "ok", "bye", "how are you",
        "what's your name", "are you a robot", "tell me a joke", "what is the meaning of life",
        "who won the football match yesterday", "recommend a good movie", "what is the capital of France",
        "how do I bake bread", "sing me a song", "what time is it in Tokyo", "I like turtles",
        "can you write a poem about the sea", "translate hello into Spanish", "what's your favourite colour",
        "你好", "谢谢", "再见", "你是谁", "讲个笑话", "今天吃什么", "推荐一部电影", "你是机器人吗", "早上好", "好的",
    ];
}
