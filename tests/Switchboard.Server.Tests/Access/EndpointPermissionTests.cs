using Microsoft.AspNetCore.Http;
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
            .ToList();
        Assert.Empty(undeclared);

        var anonymous = endpoints.Where(e => e.Metadata.GetMetadata<RequiredPermission>() is { Anonymous: true }).Select(e => e.RoutePattern.RawText).Order().ToList();
        Assert.Equal(["/health", "/openapi/{documentName}.json", "/ready"], anonymous);
    }

    [Fact]
    public async Task AnUndeclaredEndpoint_IsForAdminsOnly()
    {
        var (_, userToken) = await CreateKeyAsync(new { name = "u", roles = new[] { "user" } });
        var reached = 0;
        var middleware = new AccessMiddleware(
            _ =>
            {
                reached++;
                return Task.CompletedTask;
            },
            Factory.Services.GetRequiredService<AccessOptions>(),
            Factory.Services.GetRequiredService<ApiKeyService>(),
            Factory.Services.GetRequiredService<AuditTrail>(),
            TimeProvider.System);

        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => middleware.InvokeAsync(Undeclared(userToken)));
        Assert.Equal(403, denied.Status);
        Assert.Equal(0, reached);

        await middleware.InvokeAsync(Undeclared(Infrastructure.SwitchboardFactory.AdminKey));
        Assert.Equal(1, reached);
    }

    private DefaultHttpContext Undeclared(string token)
    {
        var context = new DefaultHttpContext { RequestServices = Factory.Services };
        context.Request.Path = "/undeclared";
        context.Request.Headers.Authorization = $"Bearer {token}";
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(), "undeclared"));
        return context;
    }
}
