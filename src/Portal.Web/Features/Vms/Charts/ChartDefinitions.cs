using Portal.Core.Inventory;
using Portal.Core.Metrics;
using Portal.Web.Components.Charts;

namespace Portal.Web.Features.Vms.Charts;

/// <summary>
/// The VM page's charts: what each one draws from a VM's series, in which unit, and what its metric means (shown
/// under each chart). Devices are named by what the host keys them by: disk target, NIC MAC, vCPU number.
/// </summary>
public static class ChartDefinitions
{
    public sealed record Chart(string Id, string Title, string Icon, ChartUnit Unit, string Meaning, Func<SeriesSet, int, IReadOnlyList<ChartSeries>> Build,
        Func<int, double?>? Limit = null);

    public static readonly IReadOnlyList<Chart> All =
    [
        new("net", "Network", MudBlazor.Icons.Material.Filled.SwapVert, ChartUnit.BytesPerSecond,
            "Bytes per second received (rx) and sent (tx) by each network interface, counted by the host on the VM's tap device. Interfaces are named by MAC address.",
            (set, _) => [.. PerDevice(set, Metric.NetRxBytesPerSecond, "rx"), .. PerDevice(set, Metric.NetTxBytesPerSecond, "tx")]),
        new("cpu", "CPU", MudBlazor.Icons.Material.Filled.Memory, ChartUnit.Percent,
            "The VM on its node: CPU time used per second, in % of one host core, so it can reach vCPUs × 100 % (dashed line). Each vCPU: the share of time it ran. Steal: time a vCPU was ready to run but waited for the host.",
            Cpu, vcpus => vcpus * 100.0),
        new("disk", "Disk throughput", MudBlazor.Icons.Material.Filled.Storage, ChartUnit.BytesPerSecond,
            "Bytes read and written per second, per disk (by target: vda, vdb, …).",
            (set, _) => [.. PerDevice(set, Metric.DiskReadBytesPerSecond, "read", always: true), .. PerDevice(set, Metric.DiskWriteBytesPerSecond, "write", always: true)]),
        new("iops", "Disk requests", MudBlazor.Icons.Material.Filled.Speed, ChartUnit.PerSecond,
            "Read and write requests per second, per disk.",
            (set, _) => [.. PerDevice(set, Metric.DiskReadRequestsPerSecond, "read", always: true), .. PerDevice(set, Metric.DiskWriteRequestsPerSecond, "write", always: true)]),
        new("memory", "Memory", MudBlazor.Icons.Material.Filled.DeveloperBoard, ChartUnit.Bytes,
            "Allocation: memory the VM has now (its balloon). Used: what the guest reports in use. Host RSS: what the VM occupies on the host.",
            (set, _) => [.. Named(set, Metric.MemoryAllocationKiB, "allocation", 1024), .. Named(set, Metric.MemoryUsedKiB, "used", 1024), .. Named(set, Metric.MemoryRssKiB, "host RSS", 1024)]),
        new("swap", "Swap activity", MudBlazor.Icons.Material.Filled.Autorenew, ChartUnit.BytesPerSecond,
            "Swap-in and swap-out by the guest, per second. libvirt reports activity, not how full swap is: a climb means the guest is short of memory.",
            (set, _) => [.. Named(set, Metric.SwapInKiBPerSecond, "swap in", 1024), .. Named(set, Metric.SwapOutKiBPerSecond, "swap out", 1024)]),
        new("faults", "Major page faults", MudBlazor.Icons.Material.Filled.ReportProblem, ChartUnit.PerSecond,
            "Page faults per second that had to wait for a disk read; they rise with swapping.",
            (set, _) => [.. Named(set, Metric.MajorFaultsPerSecond, "major faults")]),
    ];

    /// <summary>The colour and words of each event on the charts, with who caused it when a change through the portal did.</summary>
    public static ChartAnnotation Annotation(VmEvent e, string? by = null) =>
        new(TimeWindow.Milliseconds(e.TimeUtc), by is null ? Label(e.Kind) : $"{Label(e.Kind)} by {by}", Color(e.Kind));

    /// <summary>For staff: where a tenant's ownership of the VM starts inside the range ("Owner: Umbrella").</summary>
    public static IEnumerable<ChartAnnotation> OwnershipMarks(IEnumerable<OwnershipPeriod> periods, DateTime fromUtc, DateTime toUtc) =>
        periods.Where(p => p.FromUtc is { } from && from >= fromUtc && from < toUtc)
            .Select(p => new ChartAnnotation(TimeWindow.Milliseconds(p.FromUtc!.Value), $"Owner: {p.TenantName}", "#fd7e14"));

    public static string Label(VmEventKind kind) => kind switch
    {
        VmEventKind.MemoryChanged => "Memory changed",
        VmEventKind.MaxMemoryChanged => "Max memory changed",
        VmEventKind.DiskAdded => "Disk added",
        VmEventKind.DiskRemoved => "Disk removed",
        VmEventKind.NicAdded => "NIC added",
        VmEventKind.NicRemoved => "NIC removed",
        _ => kind.ToString(),
    };

    private static string Color(VmEventKind kind) => kind switch
    {
        VmEventKind.Restarted or VmEventKind.Crashed => "#dc3545",
        VmEventKind.Started or VmEventKind.Resumed => "#198754",
        VmEventKind.MemoryChanged or VmEventKind.MaxMemoryChanged => "#6f42c1",
        VmEventKind.DiskAdded or VmEventKind.DiskRemoved => "#0d6efd",
        VmEventKind.NicAdded or VmEventKind.NicRemoved => "#0dcaf0",
        VmEventKind.Paused => "#ffc107",
        _ => "#6c757d",
    };

    private static List<ChartSeries> Cpu(SeriesSet set, int vcpus)
    {
        var steal = set.Series.Where(s => s.Key.Metric == Metric.VcpuStealPercent).Select(s => s.Values).ToList();
        var result = new List<ChartSeries>();
        result.AddRange(Named(set, Metric.CpuPercent, "VM on its node"));
        result.AddRange(set.Series.Where(s => s.Key.Metric == Metric.VcpuPercent)
            .OrderBy(s => s.Key.Instance.Length).ThenBy(s => s.Key.Instance, StringComparer.Ordinal)
            .Select(s => new ChartSeries($"vCPU {s.Key.Instance}", Values(s.Values))));
        if (steal.Count > 0) result.Add(new ChartSeries("steal (per vCPU)", Values(AverageOf(steal, set.Plan.Points))));
        return result;
    }

    private static IEnumerable<ChartSeries> Named(SeriesSet set, Metric metric, string name, double scale = 1) =>
        set.Series.Where(s => s.Key.Metric == metric).Take(1).Select(s => new ChartSeries(name, Values(s.Values, scale)));

    /// <summary>One line per device; the device's name is added when there are several (or always, for disks).</summary>
    private static IEnumerable<ChartSeries> PerDevice(SeriesSet set, Metric metric, string name, bool always = false)
    {
        var series = set.Series.Where(s => s.Key.Metric == metric).OrderBy(s => s.Key.Instance, StringComparer.Ordinal).ToList();
        var named = always || series.Count > 1;
        return series.Select(s => new ChartSeries(named && s.Key.Instance.Length > 0 ? $"{name} {s.Key.Instance}" : name, Values(s.Values)));
    }

    private static float[] AverageOf(IReadOnlyList<float[]> series, int points)
    {
        var result = new float[points];
        for (var i = 0; i < points; i++)
        {
            double sum = 0;
            var count = 0;
            foreach (var values in series)
            {
                if (float.IsNaN(values[i])) continue;
                sum += values[i];
                count++;
            }
            result[i] = count == 0 ? float.NaN : (float)(sum / count);
        }
        return result;
    }

    /// <summary>
    /// Three or four significant digits are all a chart can show: whole numbers from 100 up, two decimals below.
    /// That keeps what travels to the browser small; a gap stays null.
    /// </summary>
    internal static double?[] Values(float[] values, double scale = 1)
    {
        var result = new double?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (float.IsNaN(values[i])) continue;
            var v = values[i] * scale;
            result[i] = Math.Abs(v) >= 100 ? Math.Round(v) : Math.Round(v, 2);
        }
        return result;
    }
}
