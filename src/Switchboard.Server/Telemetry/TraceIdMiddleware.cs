using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// Adds <c>x-switchboard-trace-id</c> to every response: the W3C trace id of the request's activity, which the logs
/// (<c>TraceId</c> in each line's scope) and any exported spans carry too, so that a caller can quote one id for all
/// three. The header is set when the response starts, so error responses written later carry it as well. When the
/// request's span is recorded, it also gets the route and status tags ASP.NET Core 10 leaves out.
/// </summary>
internal sealed class TraceIdMiddleware
{
    /// <summary>The response header.</summary>
    public const string HeaderName = "x-switchboard-trace-id";

    private static readonly Func<object, Task> SetHeader = static state =>
    {
        var context = (HttpContext)state;
        if (RequestActivity(context) is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            context.Response.Headers[HeaderName] = activity.TraceId.ToHexString();
        }

        return Task.CompletedTask;
    };

    private readonly RequestDelegate _next;

    /// <summary>Initializes a new instance of the <see cref="TraceIdMiddleware"/> class.</summary>
    public TraceIdMiddleware(RequestDelegate next)
    {
        _next = next;
    }

    /// <summary>Registers the header and runs the rest of the pipeline.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(SetHeader, context);

        // Nothing more to do (and no state machine) unless the request's span is being recorded.
        return RequestActivity(context) is { IsAllDataRequested: true } activity ? InvokeRecordedAsync(context, activity) : _next(context);
    }

    private static Activity? RequestActivity(HttpContext context) =>
        context.Features.Get<IHttpActivityFeature>()?.Activity ?? Activity.Current;

    private async Task InvokeRecordedAsync(HttpContext context, Activity activity)
    {
        try
        {
            await _next(context);
        }
        finally
        {
            if (activity.GetTagItem("http.route") is null
                && context.GetEndpoint()?.Metadata.GetMetadata<IRouteDiagnosticsMetadata>()?.Route is { } route)
            {
                activity.SetTag("http.route", route);
                activity.DisplayName = $"{context.Request.Method} {route}";
            }

            if (activity.GetTagItem("http.response.status_code") is null)
            {
                activity.SetTag("http.response.status_code", context.Response.StatusCode);
            }
        }
    }
}
