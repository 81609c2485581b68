using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Switchboard.Server.Access;
using Switchboard.Server.Agents;
using Switchboard.Server.Anthropic;
using Switchboard.Server.Conversations;
using Switchboard.Server.Errors;
using Switchboard.Server.Health;
using Switchboard.Server.OpenAI;
using Switchboard.Server.Telemetry;
using Switchboard.Server.Usage;

namespace Switchboard.Server.Hosting;

/// <summary>Builds the Switchboard web application; shared by <c>Switchboard.Server</c> and <c>switchboard serve</c>.</summary>
public static class SwitchboardApplication
{
    /// <summary>Builds the application from command-line arguments and configuration.</summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--urls</c>).</param>
    /// <param name="configFile">An optional extra JSON configuration file, applied over appsettings.json and under
    /// environment variables and arguments.</param>
    /// <exception cref="ConfigurationValidationException">The configuration is invalid; the message names every bad field.</exception>
    public static WebApplication Build(string[] args, string? configFile = null)
    {
        TelemetryServiceCollectionExtensions.TagRequestActivities();
        WebApplicationBuilder builder;
        try
        {
            builder = CreateBuilder(args, configFile);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // A settings file that is missing, unreadable or not JSON: name the file and say where it breaks, without a stack trace.
            var innermost = exception;
            while (innermost.InnerException is { } inner)
            {
                innermost = inner;
            }

            // Both messages quote the file's path last ("… from file '/x/y.json'.", "… physical path was '/x/y.json'.").
            var quoted = exception.Message.Split('\'');
            var file = quoted.Length >= 3 ? quoted[^2] : configFile ?? "appsettings.json";
            throw new ConfigurationValidationException([$"{file}: {exception.Message}{(innermost == exception ? string.Empty : " " + innermost.Message)}"]);
        }

        builder.Services.AddSwitchboard();
        var server = StrictConfigurationBinder.Bind<ServerOptions>(builder.Configuration, ServerOptions.Section);

        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(server.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        builder.Services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<ServerOptions>((kestrel, options) =>
            {
                // A non-positive value is reported by the validator, naming the field, instead of failing here.
                kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes > 0 ? options.MaxRequestBodyBytes : null;
                kestrel.AddServerHeader = false;
            });
        builder.Services.AddOptions<HostOptions>()
            // An out-of-range value is reported by the validator, naming the field; here it must not overflow first.
            .Configure<ServerOptions>((host, options) => host.ShutdownTimeout = TimeSpan.FromSeconds(
                double.IsFinite(options.ShutdownTimeoutSeconds) && options.ShutdownTimeoutSeconds > 0 ? Math.Min(options.ShutdownTimeoutSeconds, 86_400) : 0));

        builder.Logging.ClearProviders();

        // Every line logged while a request is handled carries its trace and span ids (in the scopes of the JSON
        // format), the trace id being the one in the x-switchboard-trace-id response header.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (server.LogFormat == "simple")
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        else
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });

        // Binding failures (malformed JSON, wrong types) become exceptions, so they get a message naming the field.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Switchboard";
                document.Info.Description = "OpenAI-compatible chat API (/v1) and the native conversations API (/api/v1).";
                OpenApiSecurity.Describe(document);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(OpenApiAccessResponses.TransformAsync);
        });

        var app = builder.Build();
        app.Services.ValidateSwitchboardConfiguration();
        app.UseSwitchboardTelemetry();
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseMiddleware<Access.AccessMiddleware>();
        app.UseMiddleware<RateLimits.RateLimitMiddleware>();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymousCallers(); // the API's description is public; the docs page loads it

        // The docs page's middleware sees only its own paths; in the main pipeline every API request ran through it.
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/docs", StringComparison.OrdinalIgnoreCase),
            docs => docs.UseSwaggerUI(o =>
            {
                o.RoutePrefix = "docs";
                o.SwaggerEndpoint("/openapi/v1.json", "Switchboard v1");
                o.DocumentTitle = "Switchboard API";
            }));
        app.MapHealthEndpoints();
        app.MapOpenAIEndpoints();
        app.MapAnthropicEndpoints();
        app.MapConversationEndpoints();
        app.MapAgentEndpoints();
        app.MapHandoffQueueEndpoints();
        app.MapKeyEndpoints();
        app.MapAuditEndpoints();
        app.MapUsageEndpoints();
        return app;
    }

    private static WebApplicationBuilder CreateBuilder(string[] args, string? configFile)
    {
        // The slim builder leaves out what Switchboard does not use (HTTP/3, IIS, static web assets, regex route
        // constraints), and with it the assemblies and start-up work they cost in every process. Kestrel's "Kestrel"
        // configuration section and AllowedHosts still apply; HTTPS endpoints from configuration are opted back in.
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.WebHost.UseKestrelHttpsConfiguration();

        // The defaults shipped next to the binaries come first, so that the server starts the same from any
        // directory. Then, each overriding the last: appsettings.json in the working directory, the extra file,
        // environment variables, command-line arguments.
        builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = true,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });
        if (configFile is not null)
        {
            var path = Path.GetFullPath(configFile);
            var sources = builder.Configuration.Sources;
            var lastJson = -1;
            for (var i = 0; i < sources.Count; i++)
            {
                if (sources[i] is JsonConfigurationSource)
                {
                    lastJson = i;
                }
            }

            sources.Insert(lastJson + 1, new JsonConfigurationSource
            {
                Path = Path.GetFileName(path),
                Optional = false,
                FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(path)!),
            });
        }
        return builder;
    }
}
