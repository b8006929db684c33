using Microsoft.EntityFrameworkCore;
using Portal.Core.Inventory;
using Portal.Core.Tenancy;
using Portal.Data;

namespace Portal.Web.Features.Vms;

/// <summary>
/// The only way web code reads VMs: every query starts from what the viewer may see, so a VM of another tenant
/// is simply not found (404), never "forbidden". Each call takes a short-lived context: pages live for a circuit.
/// </summary>
public sealed class VmDirectory(IDbContextFactory<PortalDbContext> contexts)
{
    public const int MaxPageSize = 200;

    /// <summary>One page of the VM list, filtered and sorted in SQL, with the total for the pager.</summary>
    public async Task<VmListPage> PageAsync(ViewerScope scope, VmQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var vms = Filter(Visible(db, scope).Where(v => v.Present), scope, query);
        var total = await vms.CountAsync(cancellationToken);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var rows = await Sort(vms, query.Sort, query.Descending)
            .Skip(Math.Max(0, query.Page) * size).Take(size)
            .Select(v => new VmRow(v.Id, v.Name, v.State, v.Vcpus, v.MemoryKiB, v.MaxMemoryKiB,
                scope.AllTenants ? v.Host!.Name : null, v.Tenant == null ? null : v.Tenant.Name, v.Tenant == null ? null : v.Tenant.Slug))
            .ToListAsync(cancellationToken);
        return new VmListPage(rows, total);
    }

    /// <summary>The VM with its host, tenant and devices, or null when it does not exist for this viewer.</summary>
    public async Task<Vm?> FindAsync(ViewerScope scope, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Visible(db, scope)
            .Include(v => v.Host).Include(v => v.Tenant).Include(v => v.Disks).Include(v => v.Nics)
            .AsSplitQuery()
            .AsNoTracking()
            .SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
    }

    /// <summary>Whether this viewer may see the VM at all (for endpoints that need no more than that).</summary>
    public async Task<bool> IsVisibleAsync(ViewerScope scope, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Visible(db, scope).AnyAsync(v => v.Id == id, cancellationToken);
    }

    /// <summary>
    /// The stretches of the VM's history this viewer may read (its tenant's ownership periods for a customer), or
    /// null when the VM is not visible to them at all.
    /// </summary>
    public async Task<VisibleTime?> VisibleTimeAsync(ViewerScope scope, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await Visible(db, scope).AnyAsync(v => v.Id == id, cancellationToken)) return null;
        if (scope.AllTenants) return VisibleTime.Always;
        var periods = await db.VmOwnerships.AsNoTracking().Where(o => o.VmId == id && o.TenantId == scope.TenantId).ToListAsync(cancellationToken);
        return VisibleTime.For(scope, periods);
    }

    /// <summary>The VMs' visible time for one viewer in one query (the list's trend lines).</summary>
    public async Task<IReadOnlyDictionary<int, VisibleTime>> VisibleTimesAsync(ViewerScope scope, IReadOnlyList<int> ids, CancellationToken cancellationToken = default)
    {
        if (scope.AllTenants) return ids.ToDictionary(id => id, _ => VisibleTime.Always);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var periods = await db.VmOwnerships.AsNoTracking().Where(o => ids.Contains(o.VmId) && o.TenantId == scope.TenantId).ToListAsync(cancellationToken);
        var byVm = periods.ToLookup(p => p.VmId);
        return ids.ToDictionary(id => id, id => VisibleTime.For(scope, byVm[id]));
    }

    /// <summary>Who owned the VM when, with tenant names (staff see the periods marked on the charts).</summary>
    public async Task<IReadOnlyList<OwnershipPeriod>> OwnershipAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await (from o in db.VmOwnerships.AsNoTracking()
                      join t in db.Tenants on o.TenantId equals t.Id
                      where o.VmId == id
                      orderby o.Id
                      select new OwnershipPeriod(t.Name, o.FromUtc, o.ToUtc)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The other VMs on the host of a VM this viewer may see (for host contention: who else used the host). A VM of
    /// another tenant comes without its name: it may be counted, never named.
    /// </summary>
    public async Task<IReadOnlyList<TriageSubject>> HostNeighboursAsync(ViewerScope scope, int vmId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var hostId = await Visible(db, scope).Where(v => v.Id == vmId).Select(v => (int?)v.HostId).SingleOrDefaultAsync(cancellationToken);
        if (hostId is null) return [];
        var rows = await Subjects(db, db.Vms.Where(v => v.HostId == hostId && v.Id != vmId && v.Present), cancellationToken);
        return rows.Select(r => scope.CanSee(r.TenantId) ? r : r with { Name = null, TenantName = null }).ToList();
    }

    /// <summary>For staff: the present VMs of a host or of a tenant (by name or slug), at most <paramref name="max"/>; null when there is no such host or tenant.</summary>
    public async Task<IReadOnlyList<TriageSubject>?> GroupAsync(ViewerScope scope, string? hostName, string? tenantSlug, int max, CancellationToken cancellationToken = default)
    {
        if (!scope.AllTenants) return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var vms = db.Vms.Where(v => v.Present);
        if (hostName is not null)
        {
            if (!await db.Hosts.AnyAsync(h => h.Name == hostName, cancellationToken)) return null;
            vms = vms.Where(v => v.Host!.Name == hostName);
        }
        if (tenantSlug is not null)
        {
            if (!await db.Tenants.AnyAsync(t => t.Slug == tenantSlug, cancellationToken)) return null;
            vms = vms.Where(v => v.Tenant!.Slug == tenantSlug);
        }
        return await Subjects(db, vms.OrderBy(v => v.Name).Take(max), cancellationToken);
    }

    private static async Task<List<TriageSubject>> Subjects(PortalDbContext db, IQueryable<Vm> vms, CancellationToken cancellationToken)
    {
        var rows = await vms.Select(v => new TriageSubject(v.Id, v.Name, v.TenantId, v.Tenant == null ? null : v.Tenant.Name, v.Host!.Name, v.Vcpus, v.MemoryKiB, v.MaxMemoryKiB, null))
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var disks = (await db.Set<VmDisk>().AsNoTracking().Where(d => ids.Contains(d.VmId)).Select(d => new { d.VmId, d.Target, d.Cache, d.Io }).ToListAsync(cancellationToken))
            .ToLookup(d => d.VmId, d => new Portal.Core.Triage.DiskFact(d.Target, d.Cache, d.Io));
        return rows.Select(r => r with { Disks = disks[r.Id].ToList() }).ToList();
    }

    public async Task<VmFilterChoices> FilterChoicesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return new VmFilterChoices(
            await db.Tenants.OrderBy(t => t.Name).Select(t => new KeyValuePair<string, string>(t.Slug, t.Name)).ToListAsync(cancellationToken),
            await db.Hosts.OrderBy(h => h.Name).Select(h => h.Name).ToListAsync(cancellationToken));
    }

    private static IQueryable<Vm> Visible(PortalDbContext db, ViewerScope scope) =>
        scope.AllTenants ? db.Vms
        : scope.TenantId is { } tenantId ? db.Vms.Where(v => v.TenantId == tenantId)
        : db.Vms.Where(_ => false);

    private static IQueryable<Vm> Filter(IQueryable<Vm> vms, ViewerScope scope, VmQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLowerInvariant();
            // Translated to SQL lower(): the same case-insensitive match on SQLite and PostgreSQL.
#pragma warning disable CA1304, CA1311, CA1862
            vms = vms.Where(v => v.Name.ToLower().Contains(term));
#pragma warning restore CA1304, CA1311, CA1862
        }
        if (scope.AllTenants && !string.IsNullOrEmpty(query.Tenant)) vms = vms.Where(v => v.Tenant!.Slug == query.Tenant);
        if (scope.AllTenants && !string.IsNullOrEmpty(query.Host)) vms = vms.Where(v => v.Host!.Name == query.Host);
        return vms;
    }

    private static IQueryable<Vm> Sort(IQueryable<Vm> vms, string? key, bool descending)
    {
        var sorted = key switch
        {
            VmSortKeys.State => descending ? vms.OrderByDescending(v => v.State) : vms.OrderBy(v => v.State),
            VmSortKeys.Vcpus => descending ? vms.OrderByDescending(v => v.Vcpus) : vms.OrderBy(v => v.Vcpus),
            VmSortKeys.Memory => descending ? vms.OrderByDescending(v => v.MemoryKiB) : vms.OrderBy(v => v.MemoryKiB),
            VmSortKeys.Tenant => descending ? vms.OrderByDescending(v => v.Tenant!.Name) : vms.OrderBy(v => v.Tenant!.Name),
            VmSortKeys.Host => descending ? vms.OrderByDescending(v => v.Host!.Name) : vms.OrderBy(v => v.Host!.Name),
            _ => descending ? vms.OrderByDescending(v => v.Name) : vms.OrderBy(v => v.Name),
        };
        // A stable order across pages: ties broken by name, then id.
        return sorted.ThenBy(v => v.Name).ThenBy(v => v.Id);
    }
}

/// <summary>The VM list's sort keys as they appear in the URL (<c>?sort=memory&amp;desc=true</c>).</summary>
public static class VmSortKeys
{
    public const string Name = "name", State = "state", Vcpus = "vcpus", Memory = "memory", Tenant = "tenant", Host = "host";

    public static readonly IReadOnlyList<string> All = [Name, State, Vcpus, Memory, Tenant, Host];
}

/// <summary>A VM as the list shows it; <see cref="HostName"/> only for staff (customers are not told where their VMs run).</summary>
public sealed record VmRow(int Id, string Name, VmState State, int Vcpus, long MemoryKiB, long MaxMemoryKiB,
    string? HostName, string? TenantName, string? TenantSlug);

/// <summary>A VM as triage needs it; <see cref="Name"/> null for a VM the viewer may count but not name.</summary>
public sealed record TriageSubject(int Id, string? Name, int? TenantId, string? TenantName, string HostName, int Vcpus, long MemoryKiB, long MaxMemoryKiB,
    IReadOnlyList<Portal.Core.Triage.DiskFact>? Disks);

public sealed record OwnershipPeriod(string TenantName, DateTime? FromUtc, DateTime? ToUtc);

public sealed record VmQuery(string? Search, string? Tenant, string? Host, string? Sort, bool Descending, int Page, int PageSize);

public sealed record VmListPage(IReadOnlyList<VmRow> Rows, int Total);

public sealed record VmFilterChoices(IReadOnlyList<KeyValuePair<string, string>> Tenants, IReadOnlyList<string> Hosts);
