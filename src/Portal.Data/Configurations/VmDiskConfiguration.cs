using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Inventory;

namespace Portal.Data.Configurations;

internal sealed class VmDiskConfiguration : IEntityTypeConfiguration<VmDisk>
{
    public void Configure(EntityTypeBuilder<VmDisk> disk)
    {
        disk.Property(d => d.Target).HasMaxLength(10);
        disk.Property(d => d.Source).HasMaxLength(1000);
        disk.Property(d => d.Serial).HasMaxLength(20);
        disk.Property(d => d.Bus).HasConversion<string>().HasMaxLength(10);
        disk.Property(d => d.Format).HasConversion<string>().HasMaxLength(10);
        disk.Property(d => d.Cache).HasConversion<string>().HasMaxLength(15);
        disk.Property(d => d.Io).HasConversion<string>().HasMaxLength(10);
        disk.HasIndex(d => new { d.VmId, d.Target }).IsUnique();
        disk.HasIndex(d => d.Source);
    }
}
