using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>The real server on a real loopback socket, for clients that bring their own HTTP stack (SDKs, the CLI).</summary>
public sealed class KestrelSwitchboard : IAsyncDisposable
{
    private KestrelSwitchboard(FakeOpenAIUpstream upstream, SwitchboardFactory factory, string address)
    {
        Upstream = upstream;
        Factory = factory;
        Address = address;
    }

    public FakeOpenAIUpstream Upstream { get; }

    public SwitchboardFactory Factory { get; }

    /// <summary>Gets the server's base address, e.g. http://127.0.0.1:41234.</summary>
    public string Address { get; }

    public static async Task<KestrelSwitchboard> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var upstream = await FakeOpenAIUpstream.StartAsync();
        var factory = new SwitchboardFactory(upstream, settings: settings, services: services);
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal))
            .Replace("localhost", "127.0.0.1", StringComparison.Ordinal)
            .TrimEnd('/');
        return new KestrelSwitchboard(upstream, factory, address);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
