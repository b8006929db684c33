using Portal.Core.Triage;
using Portal.Web.Features.Vms;

namespace Portal.Web.Features.Triage;

/// <summary>
/// One VM's triage as its page and the API show it. <see cref="HostName"/> is for staff only (customers are not told
/// where their VMs run).
/// </summary>
public sealed record VmTriage(int VmId, string VmName, string? HostName, TriageReport Report, string TimeZone);

/// <summary>A host's or a tenant's VMs over one window, the one that changed most first, with the host's contention if any.</summary>
public sealed record FleetTriage(string? HostName, string? TenantSlug, TriageWindow Window, IReadOnlyList<FleetRow> Rows, Finding? Contention, string TimeZone, bool Truncated);

public sealed record FleetRow(TriageSubject Vm, TriageReport Report)
{
    /// <summary>What the row leads with: its first cause or symptom, else its summary.</summary>
    public Finding? Lead => Report.Findings.FirstOrDefault(f => f.IsProblem);
}
