namespace Portal.Web.Features.Vms.Charts;

/// <summary>The VM page's charts: what each shows and what its metric means (shown under each chart).</summary>
public static class ChartDefinitions
{
    public sealed record Chart(string Id, string Title, string Icon, string Meaning);

    public static readonly IReadOnlyList<Chart> All =
    [
        new("net", "Network", "bi-arrow-down-up",
            "Bytes per second received (rx) and sent (tx) by each network interface, counted by the host on the VM's tap device. Interfaces are named by MAC address."),
        new("cpu", "CPU", "bi-cpu",
            "The VM on its node: CPU time used per second, in % of one host core, so it can reach vCPUs × 100 % (dashed line). Each vCPU: the share of time it ran. Steal: time a vCPU was ready to run but waited for the host."),
        new("disk", "Disk throughput", "bi-device-hdd",
            "Bytes read and written per second, per disk (by target: vda, vdb, …)."),
        new("iops", "Disk requests", "bi-activity",
            "Read and write requests per second, per disk."),
        new("memory", "Memory", "bi-memory",
            "Allocation: memory the VM has now (its balloon). Used: what the guest reports in use. Host RSS: what the VM occupies on the host."),
        new("swap", "Swap activity", "bi-arrow-repeat",
            "Swap-in and swap-out by the guest, in KiB per second. libvirt reports activity, not how full swap is: a climb means the guest is short of memory."),
        new("faults", "Major page faults", "bi-exclamation-diamond",
            "Page faults per second that had to wait for a disk read; they rise with swapping."),
    ];
}
