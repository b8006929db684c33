using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Tenancy;
using Portal.Data;

namespace Portal.Collector;

/// <summary>
/// Brings the stored inventory of one host in line with what the host defines: new VMs are added, changed ones
/// updated (devices matched by target and MAC), vanished ones marked gone but kept with their history. A tenant
/// tag that changed on the host (set there by hand) ends the previous owner's period and starts the new one's.
/// </summary>
public sealed partial class InventorySync(PortalDbContext db, HypervisorConnections connections, InventoryGate gate, TimeProvider time,
    ILogger<InventorySync> logger)
{
    public async Task<bool> SyncHostAsync(HypervisorHost host, CancellationToken cancellationToken = default)
    {
        using var turn = await gate.EnterAsync(host.Id, cancellationToken);
        try
        {
            var connection = await connections.GetAsync(host.Uri, cancellationToken);
            var domains = await connection.ListDomainsAsync(cancellationToken);
            await ApplyAsync(host, domains, cancellationToken);
            host.MarkSeen(time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (HypervisorException e)
        {
            LogSyncFailed(logger, host.Name, host.Uri, e.Message);
            db.ChangeTracker.Clear();
            db.Attach(host);
            host.MarkFailed(e.Message);
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }
    }

    /// <summary>
    /// Re-reads one VM from its host (after a change through the portal, or a device or state event), so open pages
    /// show it before the next sweep. A VM its host no longer defines is marked gone.
    /// </summary>
    public async Task SyncVmAsync(int vmId, CancellationToken cancellationToken = default)
    {
        var vm = await db.Vms.Include(v => v.Host).AsNoTracking().SingleOrDefaultAsync(v => v.Id == vmId, cancellationToken);
        if (vm?.Host is not { } host) return;
        using var turn = await gate.EnterAsync(host.Id, cancellationToken);
        var connection = await connections.GetAsync(host.Uri, cancellationToken);
        var tracked = await db.Vms.Include(v => v.Disks).Include(v => v.Nics).SingleAsync(v => v.Id == vmId, cancellationToken);
        try
        {
            var domain = await connection.GetDomainAsync(tracked.Uuid, cancellationToken);
            var tenants = await db.Tenants.AsNoTracking().ToDictionaryAsync(t => t.Slug, t => t.Id, cancellationToken);
            var open = await db.VmOwnerships.Where(o => o.VmId == vmId && o.ToUtc == null).ToListAsync(cancellationToken);
            Apply(tracked, domain, host.Id, TenantOf(domain, tenants), open.FirstOrDefault());
        }
        catch (HypervisorException e) when (e.Kind == HypervisorErrorKind.NoDomain)
        {
            tracked.MarkGone();
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ApplyAsync(HypervisorHost host, IReadOnlyList<DomainDescription> domains, CancellationToken cancellationToken)
    {
        var tenants = await db.Tenants.AsNoTracking().ToDictionaryAsync(t => t.Slug, t => t.Id, cancellationToken);
        var uuids = domains.Select(d => d.Uuid).ToList();
        // A VM seen on this host may have lived on another before (migration): match by UUID, not by host.
        var known = await db.Vms.Include(v => v.Disks).Include(v => v.Nics)
            .Where(v => v.HostId == host.Id || uuids.Contains(v.Uuid))
            .ToDictionaryAsync(v => v.Uuid, cancellationToken);

        var knownIds = known.Values.Select(v => v.Id).ToList();
        var open = await db.VmOwnerships.Where(o => o.ToUtc == null && knownIds.Contains(o.VmId))
            .ToDictionaryAsync(o => o.VmId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;

        foreach (var domain in domains)
        {
            var tenantId = TenantOf(domain, tenants);
            if (known.Remove(domain.Uuid, out var vm))
            {
                Apply(vm, domain, host.Id, tenantId, open.GetValueOrDefault(vm.Id));
                continue;
            }
            vm = Vm.From(domain, host.Id, tenantId);
            db.Vms.Add(vm);
            if (VmOwnership.Transfer(vm, null, tenantId, now, firstSighting: true) is { } first) db.VmOwnerships.Add(first);
        }
        foreach (var gone in known.Values.Where(v => v.HostId == host.Id)) gone.MarkGone();
    }

    private void Apply(Vm vm, DomainDescription domain, int hostId, int? tenantId, VmOwnership? open)
    {
        if (VmOwnership.Transfer(vm, open, tenantId, time.GetUtcNow().UtcDateTime) is { } next) db.VmOwnerships.Add(next);
        vm.Apply(domain, hostId, tenantId);
    }

    private static int? TenantOf(DomainDescription domain, Dictionary<string, int> tenants) =>
        domain.TenantTag is { } tag && tenants.TryGetValue(tag, out var id) ? id : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inventory of host {Host} ({Uri}) failed: {Error}")]
    private static partial void LogSyncFailed(ILogger logger, string host, string uri, string error);
}
