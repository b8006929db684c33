namespace Portal.Core.Triage;

/// <summary>A host's (or a tenant's) VMs over one window, the one that changed most first.</summary>
public static class HostRanking
{
    public static IReadOnlyList<HostMember> Rank(IEnumerable<HostMember> members) =>
        members.OrderByDescending(m => m.Report.ChangeScore).ThenBy(m => m.Name ?? "", StringComparer.Ordinal).ThenBy(m => m.VmId).ToList();
}
