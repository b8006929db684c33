using Microsoft.Extensions.Logging;
using Portal.Core.Hypervisor;

namespace Portal.Libvirt;

/// <summary>Opens libvirt URIs: qemu:///system, qemu+ssh://host/system, qemu+tls://..., test:///default, ...</summary>
public sealed class LibvirtConnector(LibvirtOptions options, TimeProvider time, ILoggerFactory loggers) : IHypervisorConnector
{
    private static readonly string[] Drivers = ["qemu", "test"];

    public bool CanOpen(string uri)
    {
        var scheme = uri.Split("://", 2)[0];
        return uri.Contains("://", StringComparison.Ordinal) && Drivers.Contains(scheme.Split('+')[0], StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Connects lazily: an unreachable host gives a connection whose calls fail fast while it backs off.</summary>
    public Task<IHypervisorConnection> OpenAsync(string uri, CancellationToken cancellationToken = default) =>
        Task.FromResult<IHypervisorConnection>(new LibvirtConnection(uri, options, time, loggers.CreateLogger<LibvirtConnection>()));

    /// <summary>Whether libvirt.so.0 can be loaded here at all.</summary>
    public static bool IsLibvirtInstalled => Interop.LibvirtRuntime.IsLibraryPresent;
}
