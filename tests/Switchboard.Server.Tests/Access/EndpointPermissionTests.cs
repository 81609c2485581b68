using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Access;

namespace Switchboard.Server.Tests.Access;

public sealed class EndpointPermissionTests : AccessTestBase
{
    [Fact]
    public void EveryEndpoint_DeclaresItsPermission()
    {
        var endpoints = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count > 30, $"found {endpoints.Count} endpoints");
        var undeclared = endpoints
            .Where(e => e.Metadata.GetMetadata<RequiredPermission>() is null)
            .Select(e => e.RoutePattern.RawText)
            .Where(pattern => pattern is not null && !pattern.StartsWith("/openapi", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(undeclared);

        var anonymous = endpoints.Where(e => e.Metadata.GetMetadata<RequiredPermission>() is { Anonymous: true }).Select(e => e.RoutePattern.RawText).Order().ToList();
        Assert.Equal(["/health", "/ready"], anonymous);
    }

    [Fact]
    public async Task AnUndeclaredEndpoint_IsForAdminsOnly()
    {
        // The OpenAPI document declares nothing: it fails closed to admins.
        var (_, userToken) = await CreateKeyAsync(new { name = "u", roles = new[] { "user" } });
        using var user = ClientFor(userToken);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await user.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await Client.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
