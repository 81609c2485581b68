using System.Text.RegularExpressions;

namespace Switchboard.Agents.Runtime;

/// <summary>Recognises an explicit request for a person, in English and Chinese ("talk to a human", "转人工").</summary>
public static partial class HumanRequestDetector
{
    /// <summary>Whether the message asks for a person.</summary>
    public static bool IsMatch(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return English().IsMatch(message) || Chinese().IsMatch(message);
    }

    [GeneratedRegex(
        @"\b(talk|speak|chat|connect|transfer|put)\b[\w\s']{0,20}\b(human|person|people|agent|representative|rep|operator|someone real|real person|staff|manager|supervisor)\b|\b(human|real person|live agent|live person|customer service agent)\s*(please|pls)?\s*[.!]*$|\bi want (a|an) (human|person|agent|representative|operator)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 100)]
    private static partial Regex English();

    [GeneratedRegex("转人工|人工客服|人工服务|找人工|真人|找客服|联系客服|客服人员|找经理", RegexOptions.CultureInvariant, 100)]
    private static partial Regex Chinese();
}
