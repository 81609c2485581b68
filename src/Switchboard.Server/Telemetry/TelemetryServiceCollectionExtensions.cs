using Switchboard.Server.Access;

namespace Switchboard.Server.Telemetry;

/// <summary>Composes metrics and tracing: the providers, the gauges, the <c>/metrics</c> endpoint and the trace-id header.</summary>
internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>The AppContext switch that keeps ASP.NET Core 10's request activity free of the HTTP semantic-convention tags.</summary>
    private const string SuppressRequestTagsSwitch = "Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData";

    private static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Asks ASP.NET Core to put the HTTP semantic-convention tags (method, route, status) on its request activity, as
    /// ASP.NET Core 11 does by default; an explicit setting of the switch (runtimeconfig.json) wins. Call before the
    /// host is built.
    /// </summary>
    public static void TagRequestActivities()
    {
        if (!AppContext.TryGetSwitch(SuppressRequestTagsSwitch, out _))
        {
            AppContext.SetSwitch(SuppressRequestTagsSwitch, false);
        }
    }

    public static IServiceCollection AddSwitchboardTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<PrometheusScraper>();
        services.AddSingleton<HandoffQueueGauges>();
        services.AddSingleton<SwitchboardGauges>();
        services.AddSingleton<SwitchboardTelemetryProviders>();
        return services;
    }

    /// <summary>
    /// Starts collecting (the providers are built now, before the first request), adds the trace-id header and maps the
    /// scrape endpoint when metrics are enabled. Call first, so that the header is on every response.
    /// </summary>
    public static WebApplication UseSwitchboardTelemetry(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<TelemetryOptions>();
        _ = app.Services.GetRequiredService<SwitchboardTelemetryProviders>();
        app.UseMiddleware<TraceIdMiddleware>();
        if (options.MetricsEnabled)
        {
            var metrics = app.MapGet(options.MetricsPath, ScrapeAsync)
                .ExcludeFromDescription()
                .WithName("metrics");
            if (app.Services.GetRequiredService<Access.AccessOptions>().AnonymousMetrics)
            {
                metrics.AllowAnonymousCallers();
            }
            else
            {
                metrics.RequirePermission(Access.Permission.Metrics);
            }
        }

        return app;
    }

    private static async Task ScrapeAsync(HttpContext context, PrometheusScraper scraper, HandoffQueueGauges queue, AccessOptions access)
    {
        // The metrics are the whole process's: every tenant's calls, costs and queue. Only the platform's own (root
        // tenant) keys may read them, unless scraping is open to anyone.
        if (!access.AnonymousMetrics && !string.Equals(context.Caller().TenantId, access.RootTenant, StringComparison.Ordinal))
        {
            throw new AccessDeniedException(403, "permission_denied", "The metrics cover every tenant; only keys of the root tenant may read them.");
        }

        await queue.RefreshAsync(context.RequestAborted);
        var text = scraper.Scrape(ScrapeTimeout);
        context.Response.ContentType = PrometheusScraper.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(text, context.RequestAborted);
    }
}
