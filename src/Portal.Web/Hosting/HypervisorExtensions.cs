using Portal.Collector;
using Portal.Core.Hypervisor;
using Portal.Libvirt;
using Portal.Simulator;

namespace Portal.Web.Hosting;

public static class HypervisorExtensions
{
    /// <summary>
    /// Hypervisor drivers behind one connection pool: libvirt for qemu:// and test:// URIs (libvirt.so.0 is loaded
    /// only when such a host is used), the simulator for sim:// hosts.
    /// </summary>
    public static IHostApplicationBuilder AddHypervisors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LibvirtOptions>()
            .Bind(builder.Configuration.GetSection(LibvirtOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.ReconnectMin > TimeSpan.Zero && o.ReconnectMax >= o.ReconnectMin,
                "Portal:Libvirt:ReconnectMin must be positive and not above ReconnectMax.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<LibvirtOptions>>().Value);
        builder.Services.AddSingleton<IHypervisorConnector, LibvirtConnector>();
        builder.Services.AddSingleton(new SimulatorOptions());
        builder.Services.AddSingleton<IHypervisorConnector, SimulatorConnector>();
        builder.Services.AddCollector();
        return builder;
    }
}
