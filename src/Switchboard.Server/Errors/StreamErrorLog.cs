namespace Switchboard.Server.Errors;

/// <summary>
/// Logs an unexpected failure that happened after a stream's headers were sent: the error middleware never sees it,
/// and the error event promises the client that it was logged.
/// </summary>
internal static partial class StreamErrorLog
{
    public static void LogIfInternal(HttpContext context, Exception exception, ApiError error)
    {
        if (error.Status >= 500 && error.OpenAIType == "server_error")
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Switchboard.Server.Streaming");
            LogStreamFailure(logger, exception, context.Request.Method, context.Request.Path);
        }
    }

    [LoggerMessage(EventId = 501, Level = LogLevel.Error, Message = "Unhandled error while streaming {Method} {Path}")]
    private static partial void LogStreamFailure(ILogger logger, Exception exception, string method, string path);
}
