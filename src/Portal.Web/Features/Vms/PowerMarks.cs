using Microsoft.EntityFrameworkCore;
using Portal.Core.Inventory;
using Portal.Core.Tenancy;
using Portal.Data;

namespace Portal.Web.Features.Vms;

/// <summary>The VM's latest start, stop, reboot or crash as its host reported it, with who caused it through the portal.</summary>
/// <param name="By">Who, as the viewer reads it; null when the host did it of its own (or someone outside the portal).</param>
public sealed record PowerMark(VmEventKind Kind, DateTime TimeUtc, string? Detail, string? By);

/// <summary>Reads a VM's latest <see cref="PowerMark"/> within what the viewer may see of its history.</summary>
public sealed class PowerMarks(VmDirectory directory, IDbContextFactory<PortalDbContext> contexts, EventCauses causes)
{
    private static readonly VmEventKind[] Kinds = [VmEventKind.Started, VmEventKind.Stopped, VmEventKind.Restarted, VmEventKind.Crashed];

    public async Task<PowerMark?> LatestAsync(ViewerScope scope, string? viewerName, int vmId, CancellationToken cancellationToken = default)
    {
        if (await directory.VisibleTimeAsync(scope, vmId, cancellationToken) is not { } visible) return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The latest few are enough: a customer's window cuts off only what came before their tenant owned the VM.
        var recent = await db.VmEvents.AsNoTracking().Where(e => e.VmId == vmId && Kinds.Contains(e.Kind))
            .OrderByDescending(e => e.TimeUtc).ThenByDescending(e => e.Id).Take(20).ToListAsync(cancellationToken);
        if (recent.FirstOrDefault(e => visible.Contains(e.TimeUtc)) is not { } latest) return null;
        var by = (await causes.DescribeAsync([latest], scope, viewerName, cancellationToken)).GetValueOrDefault(latest.Id);
        return new PowerMark(latest.Kind, latest.TimeUtc, latest.Detail, by);
    }
}
