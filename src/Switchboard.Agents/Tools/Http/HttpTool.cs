using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Agents.Tools.Http;

/// <summary>
/// A tool that calls an HTTP JSON API as its <see cref="HttpToolDefinition"/> describes: the URL template is filled with
/// the URL-escaped arguments; for POST, PUT and PATCH the arguments the URL did not take are sent as a JSON object body,
/// for GET and DELETE they are added to the query. Header values may read environment variables (<c>${env:NAME}</c>) and
/// the caller's tenant (<c>${call:tenant}</c>).
/// </summary>
/// <remarks>
/// The model gets the JSON answer itself, or the part <see cref="HttpToolDefinition.ResponseField"/> selects, as a
/// <see cref="JsonElement"/> (no wrapper object). Failures come back to the model as <see cref="ToolException"/>s:
/// a host that cannot be reached, a non-2xx status (with at most 300 characters of the body), an answer over
/// <see cref="MaxResponseBytes"/>, invalid JSON, a missing response field or an unset environment variable.
/// </remarks>
public sealed class HttpTool : AgentTool
{
    /// <summary>The largest answer the tool reads: 1 MiB.</summary>
    public const int MaxResponseBytes = ToolHttpClient.DefaultMaxResponseBytes;

    private static readonly JsonElement NoArguments = JsonElement.Parse("{}");

    private readonly ToolHttpClient _http;
    private readonly Func<string, string?> _environment;

    /// <summary>Initializes a new instance of the <see cref="HttpTool"/> class.</summary>
    /// <param name="definition">What the tool calls.</param>
    /// <param name="httpClient">The client to send with, shared by the process; redirects should be off, so that headers are not sent on to another host.</param>
    /// <param name="environment">Reads environment variables for header templates; null for <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <param name="logger">The logger; null for none.</param>
    /// <exception cref="ArgumentException">The URL template is not an absolute http(s) URL with placeholders in the path and query only, or the parameters are not an object schema.</exception>
    public HttpTool(HttpToolDefinition definition, HttpClient httpClient, Func<string, string?>? environment = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(httpClient);
        if (HttpUrlTemplate.Check(definition.Url) is { } problem)
        {
            throw new ArgumentException($"Url: {problem}", nameof(definition));
        }

        if (definition.Parameters.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("Parameters: must be a JSON object schema.", nameof(definition));
        }

        Definition = definition;
        _http = new ToolHttpClient(httpClient, logger);
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>Gets what the tool calls.</summary>
    public HttpToolDefinition Definition { get; }

    /// <inheritdoc/>
    public override string Name => Definition.Name;

    /// <inheritdoc/>
    public override string Description => Definition.Description;

    /// <inheritdoc/>
    public override JsonElement JsonSchema => Definition.Parameters;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Examples => Definition.Examples;

    /// <inheritdoc/>
    public override TimeSpan? Timeout => Definition.Timeout;

    /// <inheritdoc/>
    public override bool Idempotent => Definition.Idempotent;

    /// <inheritdoc/>
    public override TimeSpan? CacheTtl => Definition.CacheTtl;

    /// <inheritdoc/>
    /// <returns>The selected part of the JSON answer, a <see cref="JsonElement"/>.</returns>
    public override async ValueTask<object?> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var arguments = invocation.Arguments.ValueKind switch
        {
            JsonValueKind.Object => invocation.Arguments,
            JsonValueKind.Undefined or JsonValueKind.Null => NoArguments,
            _ => throw new ToolException("The arguments must be a JSON object."),
        };
        arguments = Declared(arguments, Definition.Parameters);

        // Headers first: a missing secret fails before anything is sent.
        var tenant = ModelCallContext.Current?.TenantId ?? ModelCallContext.DefaultTenant;
        var headers = Definition.Headers.Select(h => (h.Key, Value: HttpHeaderTemplate.Resolve(h.Key, h.Value, _environment, tenant))).ToList();
        var hasBody = Definition.Method == HttpMethod.Post || Definition.Method == HttpMethod.Put || Definition.Method == HttpMethod.Patch;
        var url = HttpUrlTemplate.Expand(Definition.Url, arguments, appendUnused: !hasBody, out var used);

        using var request = new HttpRequestMessage(Definition.Method, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (hasBody)
        {
            var body = new JsonObject();
            foreach (var argument in arguments.EnumerateObject().Where(a => !used.Contains(a.Name)))
            {
                body[argument.Name] = JsonNode.Parse(argument.Value.GetRawText());
            }

            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            if (string.Equals(name, "Accept", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Accept.Clear();
            }

            // A content header (Content-Type, …) is refused by the request headers and goes on the body, replacing ours.
            if (!request.Headers.TryAddWithoutValidation(name, value) && request.Content is not null)
            {
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        var answer = await _http.SendAsync(Name, request, cancellationToken).ConfigureAwait(false);
        return Definition.ResponseField is { } field ? ResponseFieldPath.Select(answer, field) : answer;
    }

    /// <summary>
    /// The arguments the parameters' schema declares, at every depth. Others are left out, unless the schema allows more
    /// (<c>additionalProperties</c>), so that a model cannot add query parameters or body fields the operator did not
    /// offer (<c>?scope=public&amp;scope=admin</c>, <c>"approved": true</c>, <c>{"refund": {"amount": 99999}}</c>). An
    /// object schema without <c>properties</c> declares none.
    /// </summary>
    /// <remarks>
    /// Whole numbers where the schema says <c>integer</c> are also written plainly: JSON Schema counts <c>3.0</c> as an
    /// integer, but an API given <c>?page=3.0</c> or <c>{"page": 3.0}</c> may not.
    /// </remarks>
    private static JsonElement Declared(JsonElement arguments, JsonElement schema) =>
        HasUndeclared(schema, arguments, schema, free: false) ? JsonSerializer.SerializeToElement(Keep(schema, arguments, schema, free: false)) : arguments;

    // Each value is read by the schemas that describe it: through $refs, the parts of an allOf, and the anyOf/oneOf
    // option it matches (an optional nested object is read by its object option). Under an additionalProperties schema
    // the values are free-form ('free'): an object schema there that declares no properties keeps what was sent.
    private static bool HasUndeclared(JsonElement root, JsonElement value, JsonElement schema, bool free)
    {
        var resolved = JsonSchemaResolver.Resolve(root, schema, value);
        if (resolved.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (WholeNumber(value, resolved) is not null)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            return resolved.TryGetProperty("items", out var items) && value.EnumerateArray().Any(item => HasUndeclared(root, item, items, free));
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        // Where the schema allows more properties, the undeclared ones stay, but the declared ones are still read by
        // their schema (a 3.0 for an integer inside them).
        var declared = JsonSchemaResolver.Properties(root, schema, value);
        var (more, others) = Additional(schema, resolved, free && declared.Count == 0);
        foreach (var property in value.EnumerateObject())
        {
            var undeclared = !declared.TryGetValue(property.Name, out var inner);
            if (undeclared ? !more || (others is { } otherSchema && HasUndeclared(root, property.Value, otherSchema, free: true)) : HasUndeclared(root, property.Value, inner, free))
            {
                return true;
            }
        }

        return false;
    }

    private static JsonNode? Keep(JsonElement root, JsonElement value, JsonElement schema, bool free)
    {
        var resolved = JsonSchemaResolver.Resolve(root, schema, value);
        if (WholeNumber(value, resolved) is { } whole)
        {
            return whole;
        }

        if (resolved.ValueKind == JsonValueKind.Object && value.ValueKind == JsonValueKind.Array && resolved.TryGetProperty("items", out var items))
        {
            var array = new JsonArray();
            foreach (var item in value.EnumerateArray())
            {
                array.Add(Keep(root, item, items, free));
            }

            return array;
        }

        if (resolved.ValueKind != JsonValueKind.Object || value.ValueKind != JsonValueKind.Object)
        {
            return JsonNode.Parse(value.GetRawText());
        }

        var kept = new JsonObject();
        var declared = JsonSchemaResolver.Properties(root, schema, value);
        var (more, others) = Additional(schema, resolved, free && declared.Count == 0);
        foreach (var property in value.EnumerateObject())
        {
            if (declared.TryGetValue(property.Name, out var inner))
            {
                kept[property.Name] = Keep(root, property.Value, inner, free);
            }
            else if (others is { } otherSchema)
            {
                kept[property.Name] = Keep(root, property.Value, otherSchema, free: true);
            }
            else if (more)
            {
                kept[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }

        return kept;
    }

    /// <summary>
    /// Whether an object keeps properties its schema does not declare, and the schema they are read by: the
    /// schema's own <c>additionalProperties</c>, else the one of the schema it resolves to. An object that declares
    /// nothing in a free-form place keeps everything.
    /// </summary>
    private static (bool More, JsonElement? Others) Additional(JsonElement schema, JsonElement resolved, bool freeForm)
    {
        var source = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("additionalProperties", out _) ? schema : resolved;
        if (source.ValueKind != JsonValueKind.Object || !source.TryGetProperty("additionalProperties", out var additional))
        {
            return (freeForm, null);
        }

        return additional.ValueKind switch
        {
            JsonValueKind.False => (false, null),
            JsonValueKind.Object => (true, additional),
            _ => (true, null),
        };
    }

    /// <summary>A whole number of an integer schema that is not written as one (<c>3.0</c>, <c>3e0</c>), written plainly; else null.</summary>
    private static JsonValue? WholeNumber(JsonElement value, JsonElement schema)
    {
        if (value.ValueKind != JsonValueKind.Number || value.TryGetInt64(out _) || value.TryGetUInt64(out _)
            || schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type) || !NamesInteger(type)
            || !JsonWholeNumbers.IsWhole(value) || !value.TryGetDecimal(out var number))
        {
            // Not a whole number of an integer parameter, or one beyond a decimal (1e30), which goes out as written.
            return null;
        }

        return JsonValue.Create(decimal.Truncate(number));

        static bool NamesInteger(JsonElement type) => type.ValueKind switch
        {
            JsonValueKind.String => type.ValueEquals("integer"),
            JsonValueKind.Array => type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.ValueEquals("integer")),
            _ => false,
        };
    }
}
