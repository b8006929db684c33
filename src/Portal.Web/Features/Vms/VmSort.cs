namespace Portal.Web.Features.Vms;

/// <summary>The VM list's sort orders, by column key as it appears in the URL (<c>?sort=cpu&amp;desc=true</c>).</summary>
public static class VmSort
{
    public static readonly IReadOnlyList<string> Keys = ["name", "state", "vcpus", "memory", "cpu", "net", "tenant", "host"];

    public static IEnumerable<VmRow> Apply(IEnumerable<VmRow> rows, string? key, bool descending, IReadOnlyDictionary<int, VmTrends.Trend> trends)
    {
        Func<VmRow, object?> by = key switch
        {
            "state" => r => r.State.ToString(),
            "vcpus" => r => r.Vcpus,
            "memory" => r => r.MemoryKiB,
            "cpu" => r => trends.TryGetValue(r.Id, out var t) && !double.IsNaN(t.CpuAverage) ? t.CpuAverage : -1,
            "net" => r => trends.TryGetValue(r.Id, out var t) && !double.IsNaN(t.NetworkAverage) ? t.NetworkAverage : -1,
            "tenant" => r => r.TenantName,
            "host" => r => r.HostName,
            _ => r => r.Name,
        };
        var sorted = descending ? rows.OrderByDescending(by) : rows.OrderBy(by);
        return sorted.ThenBy(r => r.Name, StringComparer.Ordinal);
    }
}
