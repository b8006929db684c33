using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Tenancy;
using Portal.Data;

namespace Portal.Web.Features.Audit;

/// <summary>Reads the audit trail: the whole of it for staff (filtered), and the changes of one VM for its page.</summary>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> contexts)
{
    public const int MaxPageSize = 200;

    /// <summary>
    /// What was done to a VM (refused attempts are left out: nothing happened to the VM). A customer sees the changes
    /// made while the VM was their tenant's: each entry records the VM's tenant at the time.
    /// </summary>
    public async Task<IReadOnlyList<AuditRow>> ChangesOfVmAsync(ViewerScope scope, int vmId, CancellationToken cancellationToken, int take = 20)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditEntries.AsNoTracking().Where(a => a.VmId == vmId && a.Outcome != AuditOutcome.Refused);
        if (!scope.AllTenants) entries = entries.Where(a => a.TenantId != null && a.TenantId == scope.TenantId);
        return await ToRows(Named(db, entries)
            .OrderByDescending(r => r.Entry.TimeUtc).ThenByDescending(r => r.Entry.Id)
            .Take(take))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The changes of some VMs in [from, to), oldest first, by the same rule as <see cref="ChangesOfVmAsync"/> (triage).</summary>
    public async Task<IReadOnlyList<AuditEntry>> ChangesInWindowAsync(ViewerScope scope, IReadOnlyList<int> vmIds, DateTime fromUtc, DateTime toUtc,
        CancellationToken cancellationToken, int take = 500)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditEntries.AsNoTracking()
            .Where(a => a.VmId != null && vmIds.Contains(a.VmId.Value) && a.Outcome != AuditOutcome.Refused && a.TimeUtc >= fromUtc && a.TimeUtc < toUtc);
        if (!scope.AllTenants) entries = entries.Where(a => a.TenantId != null && a.TenantId == scope.TenantId);
        return await entries.OrderBy(a => a.TimeUtc).ThenBy(a => a.Id).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>One page of the trail, filtered and sorted in SQL, with the number of matching entries for the pager.</summary>
    public async Task<AuditSearchResult> SearchAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Filters and the count work on the audit table alone (its indexes); names are joined for the page's rows only.
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(filter.Tenant))
        {
            var tenantId = await db.Tenants.Where(t => t.Slug == filter.Tenant).Select(t => (int?)t.Id).FirstOrDefaultAsync(cancellationToken);
            entries = entries.Where(a => a.TenantId == tenantId);
        }
        // Translated to SQL lower(): the same case-insensitive match on SQLite and PostgreSQL.
#pragma warning disable CA1304, CA1311, CA1862
        if (!string.IsNullOrWhiteSpace(filter.Vm))
        {
            var vm = filter.Vm.Trim().ToLowerInvariant();
            entries = entries.Where(a => db.Vms.Any(v => v.Id == a.VmId && v.Name.ToLower().Contains(vm)));
        }
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var user = filter.User.Trim().ToLowerInvariant();
            entries = entries.Where(a => a.UserName.ToLower().Contains(user));
        }
#pragma warning restore CA1304, CA1311, CA1862
        if (!string.IsNullOrEmpty(filter.Action)) entries = entries.Where(a => a.Action == filter.Action);
        if (filter.Outcome is { } outcome) entries = entries.Where(a => a.Outcome == outcome);
        if (filter.FromUtc is { } from) entries = entries.Where(a => a.TimeUtc >= from);
        if (filter.ToUtc is { } to) entries = entries.Where(a => a.TimeUtc < to);

        var total = await entries.CountAsync(cancellationToken);
        var size = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var page = Math.Clamp(filter.Page, 0, Math.Max(0, (total - 1) / size));
        var rows = await ToRows(Sort(Named(db, entries), filter.Sort, filter.Descending).Skip(page * size).Take(size)).ToListAsync(cancellationToken);
        return new AuditSearchResult(rows, total);
    }

    private static IQueryable<Joined> Sort(IQueryable<Joined> query, string? key, bool descending)
    {
        var sorted = key switch
        {
            AuditSortKeys.User => descending ? query.OrderByDescending(r => r.Entry.UserName) : query.OrderBy(r => r.Entry.UserName),
            AuditSortKeys.Action => descending ? query.OrderByDescending(r => r.Entry.Action) : query.OrderBy(r => r.Entry.Action),
            AuditSortKeys.Outcome => descending ? query.OrderByDescending(r => r.Entry.Outcome) : query.OrderBy(r => r.Entry.Outcome),
            AuditSortKeys.Vm => descending ? query.OrderByDescending(r => r.VmName) : query.OrderBy(r => r.VmName),
            _ => descending ? query.OrderByDescending(r => r.Entry.TimeUtc) : query.OrderBy(r => r.Entry.TimeUtc),
        };
        return descending ? sorted.ThenByDescending(r => r.Entry.Id) : sorted.ThenBy(r => r.Entry.Id);
    }

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> TenantsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Tenants.OrderBy(t => t.Name).Select(t => new KeyValuePair<string, string>(t.Slug, t.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>Entries with the names of their VM and tenant (left joins: audit outlives both).</summary>
    private static IQueryable<Joined> Named(PortalDbContext db, IQueryable<AuditEntry> entries) =>
        from a in entries
        join v in db.Vms on a.VmId equals v.Id into vms
        from v in vms.DefaultIfEmpty()
        join t in db.Tenants on a.TenantId equals t.Id into tenants
        from t in tenants.DefaultIfEmpty()
        select new Joined { Entry = a, VmName = v == null ? null : v.Name, TenantSlug = t == null ? null : t.Slug, TenantName = t == null ? null : t.Name };

    private static IQueryable<AuditRow> ToRows(IQueryable<Joined> query) =>
        query.Select(r => new AuditRow(r.Entry.Id, r.Entry.TimeUtc, r.Entry.UserName, r.Entry.Action, r.TenantSlug, r.TenantName,
            r.Entry.VmId, r.VmName, r.Entry.Parameters, r.Entry.Outcome, r.Entry.Summary, r.Entry.Error));

    private sealed class Joined
    {
        public AuditEntry Entry { get; init; } = default!;
        public string? VmName { get; init; }
        public string? TenantSlug { get; init; }
        public string? TenantName { get; init; }
    }
}

public sealed record AuditRow(long Id, DateTime TimeUtc, string UserName, string Action, string? TenantSlug, string? TenantName,
    int? VmId, string? VmName, string Parameters, AuditOutcome Outcome, string? Summary, string? Error);

public sealed record AuditFilter(string? Tenant, string? Vm, string? User, string? Action, AuditOutcome? Outcome,
    DateTime? FromUtc, DateTime? ToUtc, string? Sort = null, bool Descending = true, int Page = 0, int PageSize = 50);

public sealed record AuditSearchResult(IReadOnlyList<AuditRow> Rows, int Total);

/// <summary>The audit trail's sort keys as they appear in the URL.</summary>
public static class AuditSortKeys
{
    public const string Time = "time", User = "user", Action = "action", Outcome = "outcome", Vm = "vm";
}
