using Switchboard.Nlu.Classification;

namespace Switchboard.Nlu.Tests;

public sealed class ExampleClassifierTests
{
    private static readonly string[] Weather =
    [
        "what's the weather in Paris", "will it rain tomorrow", "how hot is it in Madrid", "is it cold in Oslo today",
        "weather forecast for Berlin", "do I need an umbrella today", "temperature in London now", "is it sunny in Rome",
        "北京天气怎么样", "明天上海会下雨吗",
    ];

    private static readonly string[] Orders =
    [
        "where is my order", "track my package", "has my order shipped", "when will my parcel arrive", "order status please",
        "is my order on its way", "check order ORD-1003", "my package has not arrived", "我的订单到哪了", "订单发货了吗",
    ];

    [Fact]
    public void OneLabel_IsWeighedAgainstOffTopicUtterances()
    {
        var classifier = ExampleClassifier.Train(new Dictionary<string, IReadOnlyList<string>> { ["get_weather"] = Weather });

        Assert.Equal(["get_weather"], classifier.Labels);
        Assert.Equal("get_weather", classifier.Match("weather forecast for Paris please").Label);
        var offTopic = classifier.Match("tell me a joke");
        Assert.Null(offTopic.Label);
        Assert.Equal("get_weather", offTopic.BestGuess);
    }

    [Fact]
    public void SeveralLabels_ChooseTheRightOne_AndDeclineOffTopic()
    {
        var classifier = ExampleClassifier.For(new Dictionary<string, IReadOnlyList<string>> { ["weather"] = Weather, ["orders"] = Orders });

        var order = classifier.Match("Where is my order ORD-1001?");
        Assert.Equal("orders", order.Label);
        Assert.True(order.Confidence > 0.5, $"confidence {order.Confidence}"); // the builtin model's bar for choosing a tool
        Assert.Equal("weather", classifier.Match("is it going to rain in Paris").Label);
        Assert.Null(classifier.Match("你好").Label);
        Assert.Same(classifier, ExampleClassifier.For(new Dictionary<string, IReadOnlyList<string>> { ["orders"] = Orders, ["weather"] = Weather }));
    }
}
