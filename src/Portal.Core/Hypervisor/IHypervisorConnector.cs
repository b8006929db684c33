namespace Portal.Core.Hypervisor;

/// <summary>Opens connections for the URIs it understands (libvirt URIs, or <c>sim://</c>).</summary>
public interface IHypervisorConnector
{
    bool CanOpen(string uri);

    Task<IHypervisorConnection> OpenAsync(string uri, CancellationToken cancellationToken = default);
}
