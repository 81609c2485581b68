using Switchboard.Abstractions.Governance;

namespace Switchboard.Server.Errors;

/// <summary>
/// Turns every failure into an error in the API's own format: exceptions, and the empty 404/405 responses routing
/// produces. A request that has started streaming is left to its endpoint, which ends the stream with an error event.
/// </summary>
internal sealed partial class ApiErrorMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger<ApiErrorMiddleware> _logger;
    private readonly long _maxRequestBodyBytes;

    public ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger, Hosting.ServerOptions server)
    {
        _next = next;
        _logger = logger;
        _maxRequestBodyBytes = server.MaxRequestBodyBytes;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            // Refuse a declared oversized body before anything reads it; Kestrel's own limit catches chunked bodies.
            if (context.Request.ContentLength > _maxRequestBodyBytes)
            {
                throw new PayloadTooLargeException(_maxRequestBodyBytes);
            }

            await _next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return;
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            var error = ApiErrorMapper.Map(exception);
            if (error.Status >= 500 && error.OpenAIType == "server_error")
            {
                LogUnhandled(exception, context.Request.Method, context.Request.Path);
            }

            var rateLimits = RateLimitHeaders.Keep(context.Response);
            context.Response.Clear();
            RateLimitHeaders.Restore(context.Response, rateLimits, exception as RateLimitExceededException);
            await ApiErrorWriter.WriteAsync(context, error);
            return;
        }

        var status = context.Response.StatusCode;
        if (!context.Response.HasStarted
            && status is >= 400 and < 500
            && context.Response.ContentType is null
            && context.Response.ContentLength is null)
        {
            await ApiErrorWriter.WriteAsync(context, DescribeEmptyStatus(context, status));
        }
    }

    private static ApiError DescribeEmptyStatus(HttpContext context, int status)
    {
        var request = context.Request;
        return status switch
        {
            404 => new ApiError(404, "Not found", $"No endpoint at {request.Method} {request.Path}.", "invalid_request_error", "unknown_url"),
            405 => new ApiError(405, "Method not allowed", $"{request.Method} is not allowed on {request.Path}.", "invalid_request_error", "method_not_allowed"),
            415 => new ApiError(415, "Unsupported media type", $"Send the body as JSON with 'Content-Type: application/json' (got '{request.ContentType ?? "none"}').", "invalid_request_error", "unsupported_media_type"),
            _ => new ApiError(status, "Bad request", $"The request was rejected with HTTP {status}.", "invalid_request_error", "bad_request"),
        };
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
