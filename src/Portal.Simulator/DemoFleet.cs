using Portal.Core.Inventory;
using Portal.Core.Ops;

namespace Portal.Simulator;

/// <summary>The demo fleet: three tenants' VMs spread over three simulated hosts.</summary>
public static class DemoFleet
{
    public static readonly IReadOnlyList<(string Slug, string Name)> Tenants =
    [
        ("acme", "Acme Shop"),
        ("globex", "Globex Analytics"),
        ("initech", "Initech Software"),
    ];

    public static readonly IReadOnlyList<(string Name, string Uri)> Hosts =
    [
        ("node-a", "sim://node-a"),
        ("node-b", "sim://node-b"),
        ("node-c", "sim://node-c"),
    ];

    private const long GiB = MemoryRules.GiB;

    public static readonly IReadOnlyList<SimulatedVm> Vms =
    [
        // Raised from 4 GiB (max 4 GiB) after the incident in the demo history; see DemoIncident.
        new("shop-web-01", "acme", "node-a", 4, 8 * GiB, 8 * GiB, WorkloadKind.Web, WorkingSetKiB: 4 * GiB),
        new("shop-db-01", "acme", "node-a", 4, 8 * GiB, 16 * GiB, WorkloadKind.Database, DataDisks: 2),
        new("shop-cache-01", "acme", "node-a", 2, 2 * GiB, 4 * GiB, WorkloadKind.Web, DataDisks: 0),
        new("shop-web-02", "acme", "node-b", 4, 4 * GiB, 8 * GiB, WorkloadKind.Web),
        new("shop-staging-01", "acme", "node-c", 2, 2 * GiB, 4 * GiB, WorkloadKind.Dev, VmState.ShutOff),
        new("globex-etl-01", "globex", "node-b", 8, 16 * GiB, 32 * GiB, WorkloadKind.Batch, DataDisks: 2),
        new("globex-db-01", "globex", "node-b", 4, 16 * GiB, 32 * GiB, WorkloadKind.Database),
        new("globex-api-01", "globex", "node-b", 2, 4 * GiB, 8 * GiB, WorkloadKind.Web),
        new("globex-report-01", "globex", "node-c", 2, 4 * GiB, 4 * GiB, WorkloadKind.Batch, VmState.ShutOff),
        new("initech-dev-01", "initech", "node-c", 2, 2 * GiB, 4 * GiB, WorkloadKind.Dev),
        new("initech-ci-01", "initech", "node-c", 4, 8 * GiB, 8 * GiB, WorkloadKind.Batch),
        new("initech-git-01", "initech", "node-c", 2, 4 * GiB, 8 * GiB, WorkloadKind.Dev),
    ];

    public static IEnumerable<SimulatedVm> OnHost(string host) =>
        Vms.Where(v => string.Equals(v.Host, host, StringComparison.OrdinalIgnoreCase));
}
