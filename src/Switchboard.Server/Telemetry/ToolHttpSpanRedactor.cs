using System.Diagnostics;
using OpenTelemetry;
using Switchboard.Abstractions.Telemetry;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// Takes the path out of the HTTP client spans of agent tools before they are exported. An HTTP tool fills its URL's
/// path from the model's arguments (<c>/orders/{order_id}/eta</c>), which come from the customer's words; HttpClient's
/// span keeps the path in <c>url.full</c> (it hides only the query). The span keeps the scheme, host and port.
/// </summary>
internal sealed class ToolHttpSpanRedactor : BaseProcessor<Activity>
{
    /// <summary>The path that replaces a tool request's own.</summary>
    public const string RedactedPath = "/REDACTED";

    /// <inheritdoc />
    public override void OnEnd(Activity data)
    {
        if (data.Source.Name != "System.Net.Http" || !UnderATool(data))
        {
            return;
        }

        if (data.GetTagItem("url.full") is string url && Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            data.SetTag("url.full", uri.GetLeftPart(UriPartial.Authority) + RedactedPath);
        }

        data.SetTag("url.path", null);
        data.SetTag("url.query", null);
    }

    private static bool UnderATool(Activity activity)
    {
        for (var parent = activity.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.Source.Name == SwitchboardTelemetry.Name
                && parent.GetTagItem(GenAiConventions.OperationName) as string == GenAiConventions.ExecuteToolOperation)
            {
                return true;
            }
        }

        return false;
    }
}
