namespace Switchboard.Gateway.Tests.Fakes;

/// <summary>An <see cref="IServiceProvider"/> holding the instances a test registers, by their exact service type.</summary>
public sealed class TestServices : IServiceProvider
{
    private readonly Dictionary<Type, object> _services = [];

    public TestServices Add<T>(T service)
        where T : notnull
    {
        _services[typeof(T)] = service;
        return this;
    }

    public object? GetService(Type serviceType) => _services.GetValueOrDefault(serviceType);
}
