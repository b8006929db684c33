using Microsoft.EntityFrameworkCore;
using Portal.Core.Inventory;
using Portal.Core.Tenancy;
using Portal.Data;

namespace Portal.Web.Features.Vms;

/// <summary>
/// Who caused the VM events that a change through the portal caused (a power action), as a viewer reads it
/// (<see cref="EventActor"/>): the account's name for staff; "you", a colleague's name or "the operations team" for
/// customers.
/// </summary>
public sealed class EventCauses(IDbContextFactory<PortalDbContext> contexts)
{
    /// <summary>For each event with a cause, by the event's id, who it was.</summary>
    public async Task<IReadOnlyDictionary<long, string>> DescribeAsync(IReadOnlyCollection<VmEvent> events, ViewerScope viewer, string? viewerName,
        CancellationToken cancellationToken = default)
    {
        var auditIds = events.Where(e => e.AuditEntryId is not null).Select(e => e.AuditEntryId!.Value).Distinct().ToList();
        if (auditIds.Count == 0) return new Dictionary<long, string>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actors = await db.AuditEntries.AsNoTracking().Where(a => auditIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.UserName, cancellationToken);
        // Identity's normalized names: upper case, invariant.
        var normalized = actors.Values.Select(n => n.ToUpperInvariant()).Distinct().ToList();
        var accounts = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName != null && normalized.Contains(u.NormalizedUserName))
            .Select(u => new { u.NormalizedUserName, u.TenantId })
            .ToDictionaryAsync(u => u.NormalizedUserName!, u => u.TenantId, cancellationToken);

        var result = new Dictionary<long, string>();
        foreach (var e in events)
        {
            if (e.AuditEntryId is not { } id || !actors.TryGetValue(id, out var name)) continue;
            var exists = accounts.TryGetValue(name.ToUpperInvariant(), out var tenantId);
            result[e.Id] = EventActor.Describe(new ActorAccount(name, exists, tenantId), viewer, viewerName);
        }
        return result;
    }
}
