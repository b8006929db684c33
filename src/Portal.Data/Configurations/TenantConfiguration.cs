using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Tenancy;

namespace Portal.Data.Configurations;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> tenant)
    {
        tenant.Property(t => t.Slug).HasMaxLength(40);
        tenant.Property(t => t.Name).HasMaxLength(200);
        tenant.HasIndex(t => t.Slug).IsUnique();
    }
}
