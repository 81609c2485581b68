using Switchboard.Abstractions.Health;
using Switchboard.Server.Access;

namespace Switchboard.Server.Health;

/// <summary>Liveness (<c>GET /health</c>) and readiness (<c>GET /ready</c>) probes.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", () => TypedResults.Ok(new HealthReport("healthy", null)))
            .WithTags("Health")
            .WithSummary("Liveness: the process is up and serving requests.")
            .AllowAnonymousCallers();

        endpoints.MapGet("/ready", async Task<IResult> (IEnumerable<IReadinessCheck> checks, CancellationToken cancellationToken) =>
            {
                var results = new Dictionary<string, string>(StringComparer.Ordinal);
                var ready = true;
                foreach (var check in checks)
                {
                    var problem = await check.CheckAsync(cancellationToken);
                    results[check.Name] = problem ?? "ok";
                    ready &= problem is null;
                }

                var report = new HealthReport(ready ? "ready" : "not_ready", results);
                return ready ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .WithTags("Health")
            .WithSummary("Readiness: every dependency (the database) is reachable; 503 otherwise.")
            .AllowAnonymousCallers();

        endpoints.MapGet("/api/v1/admin/circuits", (Gateway.Routing.CircuitBreakerRegistry circuits) => TypedResults.Ok(new CircuitReport(circuits.States())))
            .WithTags("Admin")
            .WithSummary("Circuit state of every upstream target used so far: closed, open, half_open or isolated (admins).")
            .RequirePermission(Access.Permission.ConfigManage);
        return endpoints;
    }
}
