using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Inventory;

namespace Portal.Data.Configurations;

internal sealed class VmEventConfiguration : IEntityTypeConfiguration<VmEvent>
{
    public void Configure(EntityTypeBuilder<VmEvent> e)
    {
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.Detail).HasMaxLength(1000);
        e.HasOne<Vm>().WithMany().HasForeignKey(x => x.VmId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.VmId, x.TimeUtc });
        // Who caused it, through the portal: the id of its audit entry (never deleted, so no constraint, which on SQLite
        // would rebuild the table outside a transaction). Indexed: an entry causes one mark, which the recorder looks up.
        e.HasIndex(x => x.AuditEntryId);
    }
}
