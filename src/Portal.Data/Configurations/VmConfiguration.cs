using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Inventory;

namespace Portal.Data.Configurations;

internal sealed class VmConfiguration : IEntityTypeConfiguration<Vm>
{
    public void Configure(EntityTypeBuilder<Vm> vm)
    {
        vm.Property(v => v.Name).HasMaxLength(200);
        vm.Property(v => v.State).HasConversion<string>().HasMaxLength(20);
        vm.HasIndex(v => v.Uuid).IsUnique();
        vm.HasIndex(v => new { v.TenantId, v.Name });
        vm.HasOne(v => v.Host).WithMany().HasForeignKey(v => v.HostId).OnDelete(DeleteBehavior.Restrict);
        vm.HasOne(v => v.Tenant).WithMany().HasForeignKey(v => v.TenantId).OnDelete(DeleteBehavior.SetNull);
        vm.HasMany(v => v.Disks).WithOne().HasForeignKey(d => d.VmId).OnDelete(DeleteBehavior.Cascade);
        vm.HasMany(v => v.Nics).WithOne().HasForeignKey(n => n.VmId).OnDelete(DeleteBehavior.Cascade);
        vm.Navigation(v => v.Disks).UsePropertyAccessMode(PropertyAccessMode.Field);
        vm.Navigation(v => v.Nics).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
