using Switchboard.Gateway.Catalog;
using Switchboard.Gateway.Policies;
using Switchboard.Gateway.Tests.Catalog;

namespace Switchboard.Gateway.Tests.Policies;

internal static class PolicyFixtures
{
    public static readonly string[] Refund =
    [
        "I want a refund", "refund my order please", "give me my money back", "I was charged twice, refund me",
        "how do I return this and get my money back", "the product broke, I want a refund", "cancel my order and refund me",
        "can I get a refund for this item", "I'd like to return the shoes for a refund", "when will my refund arrive",
        "我要退款", "请给我退钱", "我想退货退款", "退款什么时候到账", "这个商品坏了，给我退款",
    ];

    public static readonly string[] Account =
    [
        "I forgot my password", "I can't log in to my account", "the login page says my password is wrong",
        "how do I change my password", "my account is locked", "reset my login", "two-factor code does not arrive",
        "I can't sign in", "how can I recover my account", "the password reset email never came",
        "忘记密码了", "账号登录不了", "怎么修改密码", "账户被锁了", "收不到验证码",
    ];

    /// <summary>Provider p (cheap, mid, premium) and routes fast, smart, reasoning, one model each.</summary>
    public static ModelCatalog Catalog()
    {
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["cheap", "mid", "premium"]);
        options.Routes["fast"] = Route("p:cheap");
        options.Routes["smart"] = Route("p:mid");
        options.Routes["reasoning"] = Route("p:premium");
        return CatalogFixtures.Build(options);
    }

    public static RoutingPolicyOptions Intent(string defaultTarget = "fast")
    {
        var options = new RoutingPolicyOptions { Kind = "intent", Default = defaultTarget };
        options.Intents["refund"] = Label("smart", Refund);
        options.Intents["account"] = Label("p:cheap", Account);
        return options;
    }

    public static RoutingPolicyOptions Complexity()
    {
        var options = new RoutingPolicyOptions { Kind = "complexity" };
        options.Tiers.AddRange(["fast", "smart", "reasoning"]);
        return options;
    }

    public static RoutingPolicyCatalog Build(params (string Name, RoutingPolicyOptions Options)[] policies) =>
        RoutingPolicyBuilder.Build(policies.ToDictionary(p => p.Name, p => p.Options, StringComparer.OrdinalIgnoreCase), Catalog());

    public static IntentRouteOptions Label(string target, params string[] examples)
    {
        var label = new IntentRouteOptions { Target = target };
        label.Examples.AddRange(examples);
        return label;
    }

    private static RouteOptions Route(params string[] targets)
    {
        var route = new RouteOptions();
        route.Targets.AddRange(targets);
        return route;
    }
}
