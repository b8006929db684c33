using Portal.Core.Hypervisor;

namespace Portal.Simulator;

/// <summary>
/// Opens <c>sim://NAME</c> hosts: NAME picks the demo fleet's VMs on that host (an unknown name is an empty host).
/// <c>sim://NAME?down</c> is a host that cannot be reached, for showing and testing failure handling.
/// </summary>
public sealed class SimulatorConnector(SimulatorOptions options, TimeProvider time) : IHypervisorConnector
{
    public const string Scheme = "sim";

    public bool CanOpen(string uri) => uri.StartsWith(Scheme + "://", StringComparison.OrdinalIgnoreCase);

    public Task<IHypervisorConnection> OpenAsync(string uri, CancellationToken cancellationToken = default)
    {
        var parsed = new Uri(uri);
        if (parsed.Query.Contains("down", StringComparison.OrdinalIgnoreCase))
            throw SimulatedErrors.HostDown(uri);
        IHypervisorConnection host = new SimulatedHost(uri, DemoFleet.OnHost(parsed.Host), options, time);
        return Task.FromResult(host);
    }
}
