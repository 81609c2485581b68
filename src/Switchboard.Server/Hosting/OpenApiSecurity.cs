using Microsoft.OpenApi;

namespace Switchboard.Server.Hosting;

/// <summary>
/// Declares how callers authenticate in the OpenAPI document: an API key (or a JWT) as a bearer token, or the key in
/// <c>x-api-key</c>. Either is enough; the few anonymous endpoints (health, readiness, this document) simply ignore it.
/// </summary>
internal static class OpenApiSecurity
{
    public const string Bearer = "bearer";
    public const string ApiKeyHeader = "apiKey";

    public static void Describe(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A Switchboard API key (sbk_…) or, when JWT is configured, a signed token: Authorization: Bearer <token>.",
        };
        document.Components.SecuritySchemes[ApiKeyHeader] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "x-api-key",
            Description = "A Switchboard API key in the x-api-key header.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyHeader, document)] = [] });
    }
}
