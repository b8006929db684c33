using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Hypervisor;

namespace Portal.Collector;

public static class CollectorExtensions
{
    /// <summary>The hypervisor connection pool and inventory sync; connectors are registered by the host.</summary>
    public static IServiceCollection AddCollector(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HypervisorConnections>();
        services.AddScoped<InventorySync>();
        return services;
    }
}
