using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;
using Switchboard.Server.Access;
using Switchboard.Server.Errors;

namespace Switchboard.Server.Usage;

/// <summary>
/// Usage and cost reports from the ledger under <c>/api/v1/usage</c> (admins and operators, for their tenant): totals and
/// rows by a grouping, top conversations by cost, a 7-day forecast, and a CSV export (audited).
/// </summary>
internal static class UsageEndpoints
{
    private const int DefaultGroups = 1000;
    private const int MaxGroups = 10_000;

    private static readonly Dictionary<string, UsageGrouping> s_groupings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["day"] = UsageGrouping.Day,
        ["tenant"] = UsageGrouping.Tenant,
        ["key"] = UsageGrouping.Key,
        ["user"] = UsageGrouping.User,
        ["team"] = UsageGrouping.Team,
        ["agent"] = UsageGrouping.Agent,
        ["model"] = UsageGrouping.Model,
        ["provider"] = UsageGrouping.Provider,
        ["route"] = UsageGrouping.Route,
        ["conversation"] = UsageGrouping.Conversation,
    };

    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/usage").WithTags("Usage").RequirePermission(Permission.UsageRead);
        group.MapGet("/", ReportAsync)
            .WithSummary("Usage and cost grouped by day, tenant, key, user, team, agent, model, provider, route or conversation (group_by), with the totals; filters: from, to, key, user, agent, model. At most 'limit' groups (default 1000, up to 10000; days in date order, other groupings costliest first); when more exist, has_more is true and 'others' sums the rest. The rows and 'others' always add up to the totals.")
            .ProducesValidationProblem();
        group.MapGet("/top-conversations", TopConversationsAsync)
            .WithSummary("The conversations that cost most (limit, default 10).")
            .ProducesValidationProblem();
        group.MapGet("/forecast", ForecastAsync)
            .WithSummary("A 7-day cost forecast from the last 7 full days (least-squares linear trend, never below zero).");
        group.MapGet("/export", ExportAsync)
            .WithSummary("Every ledger row matching the filters as CSV (RFC 4180); the export is written to the audit log.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<Ok<object>> ReportAsync(HttpContext context, UsageReports reports, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "group_by")] string? groupBy, DateTimeOffset? from, DateTimeOffset? to, string? key, string? user, string? agent, string? model, string? tenant, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxGroups)
        {
            throw new ApiValidationException("limit", $"'limit' must be between 1 and {MaxGroups}.");
        }

        var query = Query(context, groupBy, from, to, key, user, agent, model, tenant);
        var report = await reports.ReportAsync(query, limit ?? DefaultGroups, cancellationToken);
        return TypedResults.Ok<object>(new
        {
            @object = "usage.report",
            tenant = query.TenantId,
            group_by = groupBy ?? "day",
            from = query.From,
            to = query.To,
            data = report.Rows,
            has_more = report.HasMore,
            others = report.HasMore ? UsageReports.Rest(report.Totals, report.Rows) : null,
            totals = report.Totals,
        });
    }

    private static async Task<Ok<object>> TopConversationsAsync(HttpContext context, UsageReports reports, int? limit, DateTimeOffset? from, DateTimeOffset? to, string? tenant, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 100)
        {
            throw new ApiValidationException("limit", "'limit' must be between 1 and 100.");
        }

        var query = Query(context, "conversation", from, to, null, null, null, null, tenant);
        var rows = await reports.TopConversationsAsync(query, limit ?? 10, cancellationToken);
        return TypedResults.Ok<object>(new { @object = "list", tenant = query.TenantId, data = rows });
    }

    private static async Task<Ok<CostForecast>> ForecastAsync(HttpContext context, UsageReports reports, TimeProvider time, string? tenant, CancellationToken cancellationToken)
    {
        var query = Query(context, null, null, null, null, null, null, null, tenant);
        return TypedResults.Ok(await reports.ForecastAsync(query.TenantId, time.GetUtcNow(), cancellationToken));
    }

    private static async Task ExportAsync(HttpContext context, UsageReports reports, AuditTrail audit, DateTimeOffset? from, DateTimeOffset? to, string? key, string? user, string? agent, string? model, string? tenant)
    {
        var query = Query(context, null, from, to, key, user, agent, model, tenant);

        // Recorded before the data leaves: an export that fails half-way was still an export.
        await audit.RecordAsync(context, "usage.export", $"ledger:{query.TenantId}", after: new { query.From, query.To, query.KeyId, query.UserId, query.Agent, query.Model });
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = ExportDisposition(query.TenantId);
        await CsvExport.WriteAsync(reports.ExportAsync(query, context.RequestAborted), context.Response.Body, context.RequestAborted);
    }

    /// <summary>
    /// <c>attachment</c> with the file name <c>usage-{tenant}.csv</c>. A tenant can be any text (a JWT claim), which a
    /// header cannot carry as it is: <c>filename</c> gets an ASCII stand-in (anything else becomes '_') and
    /// <c>filename*</c> the exact name, UTF-8 and percent-encoded (RFC 6266, RFC 8187).
    /// </summary>
    private static string ExportDisposition(string tenant)
    {
        var name = $"usage-{tenant}.csv";
        var ascii = string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterOrDigit(source[i]) || source[i] is '-' or '.' or '_' ? source[i] : '_';
            }
        });
        var disposition = new ContentDispositionHeaderValue("attachment") { FileName = ascii };
        if (!string.Equals(ascii, name, StringComparison.Ordinal))
        {
            disposition.FileNameStar = name;
        }

        return disposition.ToString();
    }

    private static UsageQuery Query(HttpContext context, string? groupBy, DateTimeOffset? from, DateTimeOffset? to, string? key, string? user, string? agent, string? model, string? tenant)
    {
        var caller = context.Caller();
        var grouping = UsageGrouping.Day;
        if (groupBy is not null && !s_groupings.TryGetValue(groupBy, out grouping))
        {
            throw new ApiValidationException("group_by", $"'group_by' is one of {string.Join(", ", s_groupings.Keys)}.");
        }

        if (from is not null && to is not null && from >= to)
        {
            throw new ApiValidationException("from", "'from' must be before 'to'.");
        }

        foreach (var (name, value) in new[] { ("key", key), ("user", user), ("agent", agent), ("model", model) })
        {
            if (value is { Length: > 200 })
            {
                throw new ApiValidationException(name, $"'{name}' is at most 200 characters.");
            }
        }

        // Reports cover one tenant: '*' is not every tenant here.
        var tenantId = TenantQuery.Resolve(caller, tenant, allowEvery: false)!;
        return new UsageQuery
        {
            TenantId = tenantId,
            KeyId = key,
            UserId = user,
            Agent = agent,
            Model = model,
            From = from,
            To = to,
            GroupBy = grouping,
        };
    }
}
