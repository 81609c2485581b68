namespace Switchboard.Abstractions.Access;

/// <summary>The roles a key or token may carry.</summary>
public static class Roles
{
    /// <summary>Everything in its tenant, plus key and configuration management.</summary>
    public const string Admin = "admin";

    /// <summary>The handoff queue; reads conversations and usage of its tenant.</summary>
    public const string Operator = "operator";

    /// <summary>Model calls and its own conversations.</summary>
    public const string User = "user";

    /// <summary>Model calls only (the OpenAI- and Anthropic-compatible API) and the conversations it creates.</summary>
    public const string Service = "service";

    /// <summary>Gets every role.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, Operator, User, Service];
}
