using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Switchboard.Gateway.Caching;

/// <summary>Registers the response cache's services.</summary>
public static class ResponseCacheServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="options"/> and, unless an <see cref="IResponseCache"/> is registered already, a
    /// <see cref="MemoryResponseCache"/> on the registered <see cref="TimeProvider"/> (the system clock when there is
    /// none). The options are validated here: invalid ones throw, naming each field.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static IServiceCollection AddResponseCache(this IServiceCollection services, ResponseCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(options));
        }

        services.TryAddSingleton(options);
        services.TryAddSingleton<IResponseCache>(provider =>
            new MemoryResponseCache(options, provider.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }
}
