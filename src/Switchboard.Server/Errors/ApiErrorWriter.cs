using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Switchboard.Server.Errors;

/// <summary>Writes an <see cref="ApiError"/> in the format of the API the request went to.</summary>
internal static class ApiErrorWriter
{
    public static bool IsOpenAIPath(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) && !IsAnthropicPath(context);

    public static bool IsAnthropicPath(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/v1/messages", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The Anthropic error type for an error: by status, as Anthropic's API types its own (402 <c>billing_error</c> for a
    /// spent budget, 504 <c>timeout_error</c>), and <c>overloaded_error</c>, Anthropic's 529, for an open circuit or an overloaded upstream.
    /// </summary>
    public static string AnthropicType(ApiError error) => error.Status switch
    {
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        409 => "conflict_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        503 when error.Code is "circuit_open" or "upstream_overloaded" => "overloaded_error",
        504 => "timeout_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    public static Task WriteAsync(HttpContext context, ApiError error)
    {
        context.Response.StatusCode = error.Status;
        if (error.Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        return IsAnthropicPath(context) ? WriteAnthropicAsync(context, error)
            : IsOpenAIPath(context) ? WriteOpenAIAsync(context, error)
            : WriteProblemAsync(context, error);
    }

    /// <summary>Writes the OpenAI error object itself (used in bodies and in stream error events).</summary>
    public static void WriteOpenAIError(Utf8JsonWriter writer, ApiError error)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", error.Message);
        writer.WriteString("type", error.OpenAIType);
        if (error.Param is null)
        {
            writer.WriteNull("param");
        }
        else
        {
            writer.WriteString("param", error.Param);
        }

        if (error.Code is null)
        {
            writer.WriteNull("code");
        }
        else
        {
            writer.WriteString("code", error.Code);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static async Task WriteAnthropicAsync(HttpContext context, ApiError error)
    {
        context.Response.ContentType = "application/json";
        var writer = new Utf8JsonWriter(context.Response.BodyWriter, Providers.OpenAI.Wire.WireJson.WriterOptions);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", AnthropicType(error));
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteOpenAIAsync(HttpContext context, ApiError error)
    {
        context.Response.ContentType = "application/json";
        var writer = new Utf8JsonWriter(context.Response.BodyWriter, Providers.OpenAI.Wire.WireJson.WriterOptions);
        await using (writer.ConfigureAwait(false))
        {
            WriteOpenAIError(writer, error);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static Task WriteProblemAsync(HttpContext context, ApiError error)
    {
        var problem = error.Errors is { } errors
            ? new ValidationProblemDetails(errors)
            : new ProblemDetails();
        problem.Status = error.Status;
        problem.Title = error.Title;
        problem.Detail = error.Message;
        problem.Type = $"https://httpstatuses.io/{error.Status.ToString(CultureInfo.InvariantCulture)}";
        problem.Instance = context.Request.Path;
        if (error.Code is not null)
        {
            problem.Extensions["code"] = error.Code;
        }

        return Results.Problem(problem).ExecuteAsync(context);
    }
}
