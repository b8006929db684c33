using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Portal.Collector;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Tenancy;
using Portal.Data;
using Portal.Web.Features.Ops;

namespace Portal.Web.Features.Admin;

/// <summary>
/// Gives VMs to a tenant (or to none). The host's domain metadata stays the truth inventory sync reads: the tenant
/// is written there first (live and persistently), and only then does the portal record it and start the new
/// owner's period. Each VM is all-or-nothing; a host that cannot be reached fails that VM, audited, nothing changed.
/// </summary>
public sealed partial class VmAssignments(IDbContextFactory<PortalDbContext> contexts, HypervisorConnections connections, InventoryGate gate,
    FleetChanges changes, AdminAudit audit, ILogger<VmAssignments> logger)
{
    public const int MaxVmsPerRequest = 200;

    public sealed record VmOutcome(int VmId, string VmName, bool Succeeded, string Message);

    public async Task<IReadOnlyList<VmOutcome>> AssignAsync(ClaimsPrincipal actor, IReadOnlyCollection<int> vmIds, int? tenantId,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var ids = vmIds.Distinct().ToList();
        var request = new { vms = ids.Take(MaxVmsPerRequest).ToList(), tenantId };
        if (!AdminAudit.MayAdminister(actor))
        {
            await audit.RefuseAsync(db, actor, AuditActions.AssignVm, request, AdminAudit.NotAllowed);
            return ids.Select(id => new VmOutcome(id, "", false, AdminAudit.NotAllowed)).ToList();
        }
        if (ids.Count is 0 or > MaxVmsPerRequest)
        {
            var reason = $"Choose between 1 and {MaxVmsPerRequest} VMs.";
            await audit.RefuseAsync(db, actor, AuditActions.AssignVm, request, reason);
            return [new VmOutcome(0, "", false, reason)];
        }
        var tenant = tenantId is { } tid ? await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tid, cancellationToken) : null;
        if (tenantId is not null && tenant is null)
        {
            await audit.RefuseAsync(db, actor, AuditActions.AssignVm, request, "There is no such tenant.");
            return ids.Select(id => new VmOutcome(id, "", false, "There is no such tenant.")).ToList();
        }

        var outcomes = new List<VmOutcome>();
        foreach (var id in ids) outcomes.Add(await AssignOneAsync(actor, id, tenant));
        var changed = outcomes.Where(o => o.Succeeded).Select(o => o.VmId).ToList();
        if (changed.Count > 0) changes.Publish(new FleetChange(FleetChangeKind.Ownership, changed));
        return outcomes;
    }

    private async Task<VmOutcome> AssignOneAsync(ClaimsPrincipal actor, int vmId, Tenant? tenant)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var target = tenant?.Name ?? "no tenant";
        var parameters = new { tenant = tenant?.Slug };
        var vm = await db.Vms.Include(v => v.Host).Include(v => v.Tenant).SingleOrDefaultAsync(v => v.Id == vmId);
        if (vm?.Host is not { } host)
        {
            await audit.RefuseAsync(db, actor, AuditActions.AssignVm, new { vm = vmId, tenant = tenant?.Slug }, "There is no such VM.");
            return new VmOutcome(vmId, "", false, "There is no such VM.");
        }
        if (vm.TenantId == tenant?.Id) return new VmOutcome(vmId, vm.Name, true, $"{vm.Name} already belongs to {target}.");
        if (!vm.Present)
        {
            const string gone = "The VM is no longer defined on its host.";
            await audit.RefuseAsync(db, actor, AuditActions.AssignVm, parameters, gone, vm.TenantId, vm.Id);
            return new VmOutcome(vmId, vm.Name, false, gone);
        }

        var previous = vm.Tenant;
        // The host's inventory is not re-read while the metadata and the record change: the sync sees both or neither.
        using var turn = await gate.EnterAsync(host.Id, CancellationToken.None);
        IHypervisorConnection connection;
        try
        {
            connection = await connections.GetAsync(host.Uri, CancellationToken.None);
            await connection.SetTenantAsync(vm.Uuid, tenant?.Slug, CancellationToken.None);
        }
        catch (HypervisorException e)
        {
            db.AuditEntries.Add(audit.Entry(actor, AuditActions.AssignVm, parameters, AuditOutcome.Failed, OperationRunner.HostError(e),
                tenantId: vm.TenantId, vmId: vm.Id));
            await db.SaveChangesAsync(CancellationToken.None);
            return new VmOutcome(vmId, vm.Name, false, $"The VM's host could not be changed: {e.Message}. Nothing was changed.");
        }

        try
        {
            var open = await db.VmOwnerships.Where(o => o.VmId == vm.Id && o.ToUtc == null).FirstOrDefaultAsync();
            if (VmOwnership.Transfer(vm, open, tenant?.Id, audit.Now) is { } next) db.VmOwnerships.Add(next);
            vm.AssignTenant(tenant?.Id);
            var summary = previous is null ? $"Assigned to {target}." : $"Moved from {previous.Name} to {target}.";
            db.AuditEntries.Add(audit.Entry(actor, AuditActions.AssignVm, parameters, AuditOutcome.Succeeded, summary: summary,
                tenantId: tenant?.Id, vmId: vm.Id));
            await db.SaveChangesAsync(CancellationToken.None);
            return new VmOutcome(vmId, vm.Name, true, $"{vm.Name}: {summary}");
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            // The record could not follow: put the host back as it was, so nothing is half-done.
            LogRecordFailed(logger, e, vm.Id);
            try
            {
                await connection.SetTenantAsync(vm.Uuid, previous?.Slug, CancellationToken.None);
            }
            catch (HypervisorException undo)
            {
                LogUndoFailed(logger, vm.Id, undo.Message);
            }
            return new VmOutcome(vmId, vm.Name, false, "The portal could not record the change; the host was put back as it was.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Assigning VM {VmId}: the host was changed but the record failed")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, int vmId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Assigning VM {VmId}: putting the host's metadata back failed: {Error}; the next inventory sync follows the host")]
    private static partial void LogUndoFailed(ILogger logger, int vmId, string error);
}
