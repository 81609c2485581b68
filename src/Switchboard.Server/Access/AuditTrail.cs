using System.Text.Json;
using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Ids;

namespace Switchboard.Server.Access;

/// <summary>Writes audit records for requests: the actor, address and user agent come from the request.</summary>
internal sealed partial class AuditTrail
{
    private const int MaxUserAgentLength = 256;
    private const int MaxResourceLength = 256;
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly IAuditLog _log;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AuditTrail> _logger;
    private readonly AuthFailureSampler _authFailures;

    public AuditTrail(IAuditLog log, TimeProvider timeProvider, ILogger<AuditTrail> logger)
    {
        _log = log;
        _timeProvider = timeProvider;
        _logger = logger;
        _authFailures = new AuthFailureSampler(timeProvider);
    }

    /// <summary>Records what an authenticated caller did; a failure to record fails the request.</summary>
    public Task RecordAsync(HttpContext context, string action, string? resource, object? before = null, object? after = null, string outcome = "ok")
    {
        var caller = context.Features.Get<CallerPrincipal>();
        return _log.AppendAsync(Create(context, caller?.TenantId, caller?.Actor, action, resource, outcome, before, after), CancellationToken.None);
    }

    /// <summary>
    /// Makes the record of what an authenticated caller did, for a store that writes it in the same transaction as the
    /// change it records.
    /// </summary>
    public AuditRecord For(HttpContext context, string action, string? resource, object? before = null, object? after = null)
    {
        var caller = context.Features.Get<CallerPrincipal>();
        return Create(context, caller?.TenantId, caller?.Actor, action, resource, "ok", before, after);
    }

    /// <summary>Records a refused request; a failure to record is logged, not thrown, so that it cannot mask the refusal.</summary>
    public async Task RecordDeniedAsync(HttpContext context, string? tenantId, string? actor, string action, string outcome)
    {
        try
        {
            // The path is the caller's to choose, and refusals are written before anything else is checked: a bounded
            // resource keeps anonymous requests from writing kilobytes each into a log that cannot be trimmed.
            var path = context.Request.Path.Value;
            var resource = path is { Length: > MaxResourceLength } ? string.Concat(path.AsSpan(0, MaxResourceLength), "…") : path;
            await _log.AppendAsync(Create(context, tenantId, actor, action, resource, outcome, null, null), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogAuditFailed(exception, action);
        }
    }

    /// <summary>
    /// Records refused credentials, sampled (see <see cref="AuthFailureSampler"/>): the first attempt of a minute from an
    /// address with a reason, and how many were left out before it.
    /// </summary>
    public Task RecordAuthFailureAsync(HttpContext context, string? tenantId, string? actor, string reason)
    {
        if (!_authFailures.ShouldRecord(context.Connection.RemoteIpAddress?.ToString(), reason, out var skipped))
        {
            return Task.CompletedTask;
        }

        var outcome = skipped == 0 ? reason : $"{reason} (and {skipped} earlier refused attempts not recorded one by one; see switchboard_auth_failures_total)";
        return RecordDeniedAsync(context, tenantId, actor, "auth.failure", outcome);
    }

    /// <summary>Serializes a resource for the before/after fields.</summary>
    public static string? Snapshot(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), s_json);

    private AuditRecord Create(HttpContext context, string? tenantId, string? actor, string action, string? resource, string outcome, object? before, object? after)
    {
        var userAgent = context.Request.Headers.UserAgent.ToString();
        return new AuditRecord(
            SortableId.New("aud", _timeProvider),
            tenantId,
            actor,
            action,
            resource,
            outcome,
            before as string ?? Snapshot(before),
            after as string ?? Snapshot(after),
            context.Connection.RemoteIpAddress?.ToString(),
            userAgent.Length == 0 ? null : userAgent.Length > MaxUserAgentLength ? userAgent[..MaxUserAgentLength] : userAgent,
            _timeProvider.GetUtcNow());
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Error, Message = "Could not write the audit record of {Action}")]
    private partial void LogAuditFailed(Exception exception, string action);
}
