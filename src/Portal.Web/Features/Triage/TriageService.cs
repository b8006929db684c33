using Microsoft.Extensions.Options;
using Portal.Core.Audit;
using Portal.Core.Inventory;
using Portal.Core.Tenancy;
using Portal.Core.Triage;
using Portal.Web.Features.Audit;
using Portal.Web.Features.Vms;

namespace Portal.Web.Features.Triage;

/// <summary>
/// Triage through the viewer's scope: a VM another tenant owns is not found (null), a customer's series, events and
/// changes are cut to their tenant's ownership, and the host and tenant views are for staff. The analysis itself is
/// <see cref="TriageAnalysis"/> (pure); this class reads what it needs.
/// </summary>
public sealed class TriageService(VmDirectory directory, TriageReads reads, AuditLog audit, IOptions<TriageOptions> options)
{
    /// <summary>Null when the viewer cannot see the VM.</summary>
    public async Task<VmTriage?> ForVmAsync(ViewerScope scope, int vmId, TriageWindow window, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        if (await directory.FindAsync(scope, vmId, cancellationToken) is not { } vm) return null;
        if (await directory.VisibleTimeAsync(scope, vmId, cancellationToken) is not { } visible) return null;
        var series = await reads.OneAsync(vmId, window, visible, cancellationToken);
        var events = (await reads.EventsAsync([vmId], window, cancellationToken))[vmId].Where(e => visible.Contains(e.TimeUtc)).ToList();
        var changes = (await audit.ChangesInWindowAsync(scope, [vmId], window.FromUtc, window.ToUtc, cancellationToken))
            .Where(a => visible.Contains(a.TimeUtc)).Select(a => Change(a, scope)).ToList();
        var facts = new VmFacts(vm.Name, vm.Vcpus, vm.MemoryKiB, vm.MaxMemoryKiB, vm.Disks.Select(d => new DiskFact(d.Target, d.Cache, d.Io)).ToList());
        var report = TriageAnalysis.Analyze(new TriageInput(window, facts, series.Incident, series.Baselines, events, changes, zone));
        if (report.Findings.Any(f => f is { Resource: FindingResource.Host, Kind: FindingKind.Cause }))
            report = await WithNeighboursAsync(scope, vm, report, zone, cancellationToken);
        return new VmTriage(vm.Id, vm.Name, scope.AllTenants ? vm.Host?.Name : null, report, zone.Id);
    }

    /// <summary>For staff: every VM of a host (or of a tenant) over the window, ranked; null for others or an unknown host or tenant.</summary>
    public async Task<FleetTriage?> ForGroupAsync(ViewerScope scope, string? hostName, string? tenantSlug, TriageWindow window, TimeZoneInfo zone,
        CancellationToken cancellationToken = default)
    {
        if (!scope.AllTenants || (hostName is null) == (tenantSlug is null)) return null;
        var max = options.Value.MaxVms;
        if (await directory.GroupAsync(scope, hostName, tenantSlug, max + 1, cancellationToken) is not { } subjects) return null;
        var truncated = subjects.Count > max;
        var members = await AnalyzeAsync(scope, subjects.Take(max).ToList(), window, zone, cancellationToken);
        var contention = hostName is null ? null : HostContention.Detect(members.Select(m => m.Member).ToList(), new TriageClock(zone, window.Span), hostName);
        var byId = members.ToDictionary(m => m.Member.VmId, m => m.Subject);
        var rows = HostRanking.Rank(members.Select(m => m.Member)).Select(m => new FleetRow(byId[m.VmId], m.Report)).ToList();
        return new FleetTriage(hostName, tenantSlug, window, rows, contention?.Finding, zone.Id, truncated);
    }

    /// <summary>The host's other VMs over the same window: who used the host while this VM waited for it.</summary>
    private async Task<TriageReport> WithNeighboursAsync(ViewerScope scope, Vm vm, TriageReport report, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var neighbours = await directory.HostNeighboursAsync(scope, vm.Id, cancellationToken);
        var members = await AnalyzeAsync(scope, neighbours.Take(options.Value.MaxVms).ToList(), report.Window, zone, cancellationToken);
        var all = members.Select(m => m.Member).Append(new HostMember(vm.Id, vm.Name, report)).ToList();
        var host = scope.AllTenants ? vm.Host?.Name : null;
        return HostContention.Detect(all, new TriageClock(zone, report.Window.Span), host, vm.Id) is { } contention
            ? TriageAnalysis.WithHost(report, contention.Finding, zone)
            : report;
    }

    /// <summary>
    /// Each VM's triage from one read per window for all of them. Only for staff's views and for counting a customer's
    /// neighbours without naming them: what a customer sees of this is "the host was busy".
    /// </summary>
    private async Task<List<(TriageSubject Subject, HostMember Member)>> AnalyzeAsync(ViewerScope scope, List<TriageSubject> subjects, TriageWindow window,
        TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        if (subjects.Count == 0) return [];
        var ids = subjects.Select(s => s.Id).ToList();
        var series = await reads.ManyAsync(ids, window, cancellationToken);
        var events = await reads.EventsAsync(ids, window, cancellationToken);
        var changes = (await audit.ChangesInWindowAsync(scope, ids, window.FromUtc, window.ToUtc, cancellationToken)).ToLookup(a => a.VmId!.Value);
        return subjects.Select(s =>
        {
            var facts = new VmFacts(s.Name ?? "", s.Vcpus, s.MemoryKiB, s.MaxMemoryKiB, s.Disks ?? []);
            var input = new TriageInput(window, facts, series[s.Id].Incident, series[s.Id].Baselines, events[s.Id].ToList(),
                changes[s.Id].Select(a => Change(a, scope)).ToList(), zone);
            return (s, new HostMember(s.Id, s.Name, TriageAnalysis.Analyze(input)));
        }).ToList();
    }

    /// <summary>An audit entry as a change; who made it only for staff (as on the VM page).</summary>
    private static PortalChange Change(AuditEntry entry, ViewerScope scope) =>
        new(entry.TimeUtc, entry.Action, entry.Summary ?? AuditActions.Describe(entry.Action), scope.AllTenants ? entry.UserName : null,
            entry.Outcome == AuditOutcome.Succeeded);
}
