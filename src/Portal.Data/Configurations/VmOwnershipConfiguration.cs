using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Tenancy;

namespace Portal.Data.Configurations;

internal sealed class VmOwnershipConfiguration : IEntityTypeConfiguration<VmOwnership>
{
    public void Configure(EntityTypeBuilder<VmOwnership> o)
    {
        o.HasOne(x => x.Vm).WithMany().HasForeignKey(x => x.VmId).OnDelete(DeleteBehavior.Cascade);
        o.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
        o.HasIndex(x => new { x.VmId, x.ToUtc });
        o.HasIndex(x => new { x.TenantId, x.VmId });
        o.Ignore(x => x.IsOpen);
    }
}
