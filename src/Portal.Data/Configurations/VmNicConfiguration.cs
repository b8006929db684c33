using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Inventory;

namespace Portal.Data.Configurations;

internal sealed class VmNicConfiguration : IEntityTypeConfiguration<VmNic>
{
    public void Configure(EntityTypeBuilder<VmNic> nic)
    {
        nic.Property(n => n.Mac).HasMaxLength(17);
        nic.Property(n => n.Model).HasMaxLength(40);
        nic.Property(n => n.HostDevice).HasMaxLength(40);
        nic.HasIndex(n => new { n.VmId, n.Mac }).IsUnique();
    }
}
