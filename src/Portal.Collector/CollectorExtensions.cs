using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Core.Hypervisor;
using Portal.Data;
using Portal.Libvirt;
using Portal.Simulator;

namespace Portal.Collector;

public static class CollectorExtensions
{
    /// <summary>
    /// Hypervisor drivers behind one connection pool: libvirt for qemu:// and test:// URIs (libvirt.so.0 is loaded
    /// only when such a host is used), the simulator for sim:// hosts.
    /// </summary>
    public static IHostApplicationBuilder AddHypervisors(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LibvirtOptions>()
            .Bind(builder.Configuration.GetSection(LibvirtOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.ReconnectMin > TimeSpan.Zero && o.ReconnectMax >= o.ReconnectMin,
                "Portal:Libvirt:ReconnectMin must be positive and not above ReconnectMax.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LibvirtOptions>>().Value);
        services.AddSingleton<IHypervisorConnector, LibvirtConnector>();
        // Simulated hosts keep their tenant assignments next to the embedded database, so they outlive a restart.
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        // Their guests take a moment to answer the power button, so a shutdown or reboot shows its progress.
        services.AddSingleton(new SimulatorOptions
        {
            StateDirectory = database.FullDataDirectory(builder.Environment.ContentRootPath),
            PowerButtonDelay = SimulatorOptions.DemoPowerButtonDelay,
        });
        services.AddSingleton<IHypervisorConnector, SimulatorConnector>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HypervisorConnections>();
        services.AddScoped<InventorySync>();
        services.TryAddSingleton<InventoryGate>();
        services.TryAddSingleton<FleetChanges>();
        return builder;
    }

    /// <summary>The sweeping collector and the event recorder, as hosted services.</summary>
    public static IHostApplicationBuilder AddCollector(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CollectorOptions>()
            .Bind(builder.Configuration.GetSection(CollectorOptions.Section))
            .Validate(o => o.SweepTimeout > TimeSpan.Zero && o.RetryMin > TimeSpan.Zero && o.RetryMax >= o.RetryMin,
                "Portal:Collector timeouts must be positive and RetryMax not below RetryMin.")
            .ValidateOnStart();
        builder.Services.AddSingleton<VmEventRecorder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<VmEventRecorder>());
        builder.Services.AddSingleton<CollectorService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CollectorService>());
        return builder;
    }
}
