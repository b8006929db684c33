using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Data;

namespace Portal.Web.Features.Audit;

/// <summary>Reads the audit trail: the whole of it for staff (filtered), and the changes of one VM for its page.</summary>
public sealed class AuditLog(PortalDbContext db)
{
    public const int PageSize = 50;

    /// <summary>What was done to a VM (refused attempts are left out: nothing happened to the VM).</summary>
    public async Task<IReadOnlyList<AuditRow>> ChangesOfVmAsync(int vmId, CancellationToken cancellationToken, int take = 20) =>
        await ToRows(Entries().Where(r => r.Entry.VmId == vmId && r.Entry.Outcome != AuditOutcome.Refused)
            .OrderByDescending(r => r.Entry.TimeUtc).ThenByDescending(r => r.Entry.Id)
            .Take(take))
            .ToListAsync(cancellationToken);

    public async Task<AuditSearchResult> SearchAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        var query = Entries();
        if (!string.IsNullOrEmpty(filter.Tenant)) query = query.Where(r => r.TenantSlug == filter.Tenant);
        // Translated to SQL lower(): the same case-insensitive match on SQLite and PostgreSQL.
#pragma warning disable CA1304, CA1311, CA1862
        if (!string.IsNullOrWhiteSpace(filter.Vm))
        {
            var vm = filter.Vm.Trim().ToLowerInvariant();
            query = query.Where(r => r.VmName != null && r.VmName.ToLower().Contains(vm));
        }
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var user = filter.User.Trim().ToLowerInvariant();
            query = query.Where(r => r.Entry.UserName.ToLower().Contains(user));
        }
#pragma warning restore CA1304, CA1311, CA1862
        if (!string.IsNullOrEmpty(filter.Action)) query = query.Where(r => r.Entry.Action == filter.Action);
        if (filter.Outcome is { } outcome) query = query.Where(r => r.Entry.Outcome == outcome);
        if (filter.FromUtc is { } from) query = query.Where(r => r.Entry.TimeUtc >= from);
        if (filter.ToUtc is { } to) query = query.Where(r => r.Entry.TimeUtc < to);

        var page = Math.Max(1, filter.Page);
        var rows = await ToRows(query.OrderByDescending(r => r.Entry.TimeUtc).ThenByDescending(r => r.Entry.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1))
            .ToListAsync(cancellationToken);
        return new AuditSearchResult(rows.Take(PageSize).ToList(), page, rows.Count > PageSize);
    }

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> TenantsAsync(CancellationToken cancellationToken) =>
        await db.Tenants.OrderBy(t => t.Name).Select(t => new KeyValuePair<string, string>(t.Slug, t.Name)).ToListAsync(cancellationToken);

    /// <summary>Entries with the names of their VM and tenant (left joins: audit outlives both).</summary>
    private IQueryable<Joined> Entries() =>
        from a in db.AuditEntries.AsNoTracking()
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
    DateTime? FromUtc, DateTime? ToUtc, int Page = 1);

public sealed record AuditSearchResult(IReadOnlyList<AuditRow> Rows, int Page, bool HasMore);
