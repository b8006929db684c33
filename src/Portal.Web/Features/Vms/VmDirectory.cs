using Microsoft.EntityFrameworkCore;
using Portal.Core.Inventory;
using Portal.Core.Tenancy;
using Portal.Data;

namespace Portal.Web.Features.Vms;

/// <summary>
/// The only way web code reads VMs: every query starts from what the viewer may see, so a VM of another tenant
/// is simply not found (404), never "forbidden".
/// </summary>
public sealed class VmDirectory(PortalDbContext db)
{
    public async Task<IReadOnlyList<VmRow>> ListAsync(ViewerScope scope, VmFilter filter, CancellationToken cancellationToken = default)
    {
        var query = Visible(scope).Where(v => v.Present);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim().ToLowerInvariant();
            // Translated to SQL lower(): the same case-insensitive match on SQLite and PostgreSQL.
#pragma warning disable CA1304, CA1311, CA1862
            query = query.Where(v => v.Name.ToLower().Contains(term));
#pragma warning restore CA1304, CA1311, CA1862
        }
        if (scope.AllTenants && !string.IsNullOrEmpty(filter.Tenant)) query = query.Where(v => v.Tenant!.Slug == filter.Tenant);
        if (scope.AllTenants && !string.IsNullOrEmpty(filter.Host)) query = query.Where(v => v.Host!.Name == filter.Host);

        return await query
            .OrderBy(v => v.Name)
            .Select(v => new VmRow(v.Id, v.Name, v.State, v.Vcpus, v.MemoryKiB, v.MaxMemoryKiB,
                v.Host!.Name, v.Tenant == null ? null : v.Tenant.Name, v.Tenant == null ? null : v.Tenant.Slug))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The VM with its host, tenant and devices, or null when it does not exist for this viewer.</summary>
    public Task<Vm?> FindAsync(ViewerScope scope, int id, CancellationToken cancellationToken = default) =>
        Visible(scope)
            .Include(v => v.Host).Include(v => v.Tenant).Include(v => v.Disks).Include(v => v.Nics)
            .AsSplitQuery()
            .AsNoTracking()
            .SingleOrDefaultAsync(v => v.Id == id, cancellationToken);

    /// <summary>Whether this viewer may see the VM at all (for endpoints that need no more than that).</summary>
    public Task<bool> IsVisibleAsync(ViewerScope scope, int id, CancellationToken cancellationToken = default) =>
        Visible(scope).AnyAsync(v => v.Id == id, cancellationToken);

    public async Task<VmFilterChoices> FilterChoicesAsync(CancellationToken cancellationToken = default) => new(
        await db.Tenants.OrderBy(t => t.Name).Select(t => new KeyValuePair<string, string>(t.Slug, t.Name)).ToListAsync(cancellationToken),
        await db.Hosts.OrderBy(h => h.Name).Select(h => h.Name).ToListAsync(cancellationToken));

    private IQueryable<Vm> Visible(ViewerScope scope) =>
        scope.AllTenants ? db.Vms
        : scope.TenantId is { } tenantId ? db.Vms.Where(v => v.TenantId == tenantId)
        : db.Vms.Where(_ => false);
}

public sealed record VmRow(int Id, string Name, VmState State, int Vcpus, long MemoryKiB, long MaxMemoryKiB,
    string HostName, string? TenantName, string? TenantSlug);

public sealed record VmFilter(string? Search, string? Tenant, string? Host);

public sealed record VmFilterChoices(IReadOnlyList<KeyValuePair<string, string>> Tenants, IReadOnlyList<string> Hosts);
