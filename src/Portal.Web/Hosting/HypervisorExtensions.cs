using Portal.Collector;
using Portal.Core.Hypervisor;
using Portal.Simulator;

namespace Portal.Web.Hosting;

public static class HypervisorExtensions
{
    /// <summary>Hypervisor drivers (simulator; libvirt where installed) behind one connection pool.</summary>
    public static IHostApplicationBuilder AddHypervisors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new SimulatorOptions());
        builder.Services.AddSingleton<IHypervisorConnector, SimulatorConnector>();
        builder.Services.AddCollector();
        return builder;
    }
}
