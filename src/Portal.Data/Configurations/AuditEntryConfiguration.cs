using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Audit;
using Portal.Core.Inventory;
using Portal.Core.Tenancy;

namespace Portal.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> a)
    {
        a.Property(x => x.UserName).HasMaxLength(256);
        a.Property(x => x.Action).HasMaxLength(60);
        a.Property(x => x.Parameters).HasMaxLength(8000);
        a.Property(x => x.Error).HasMaxLength(4000);
        a.Property(x => x.Summary).HasMaxLength(500);
        // The database, not a lock, makes a double submission act once: the second insert of the same id fails.
        a.HasIndex(x => x.OperationId).IsUnique();
        a.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
        // Audit outlives what it speaks of: no cascade from VMs or tenants.
        a.HasOne<Vm>().WithMany().HasForeignKey(x => x.VmId).OnDelete(DeleteBehavior.SetNull);
        a.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.SetNull);
        a.HasIndex(x => x.TimeUtc);
        a.HasIndex(x => new { x.VmId, x.TimeUtc });
        a.HasIndex(x => new { x.TenantId, x.TimeUtc });
        a.HasIndex(x => new { x.UserName, x.TimeUtc });
        // The audit grid's filters by action and outcome count and page through an index, not the whole trail.
        a.HasIndex(x => new { x.Action, x.Outcome, x.TimeUtc });
        a.HasIndex(x => new { x.Outcome, x.TimeUtc });
    }
}
