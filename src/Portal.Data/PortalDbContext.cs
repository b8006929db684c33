using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Inventory;
using Portal.Core.Tenancy;
using Portal.Data.Identity;

namespace Portal.Data;

/// <summary>
/// Identity, inventory, ownership, audit and the shared Data Protection keys. The model is provider-neutral; each provider has a derived context only so that
/// its migrations live apart (<see cref="SqlitePortalDbContext"/>, <see cref="PostgresPortalDbContext"/>).
/// </summary>
public abstract class PortalDbContext(DbContextOptions options) : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<HypervisorHost> Hosts => Set<HypervisorHost>();
    public DbSet<Vm> Vms => Set<Vm>();
    public DbSet<VmEvent> VmEvents => Set<VmEvent>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<VmOwnership> VmOwnerships => Set<VmOwnership>();
    /// <summary>Images the portal had a storage pool create, with the format it created them in.</summary>
    public DbSet<CreatedImage> CreatedImages => Set<CreatedImage>();
    /// <summary>Every portal process of one database signs cookies and antiforgery tokens with these keys.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }
}

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options);

public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options);
