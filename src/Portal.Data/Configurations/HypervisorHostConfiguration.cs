using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Inventory;

namespace Portal.Data.Configurations;

internal sealed class HypervisorHostConfiguration : IEntityTypeConfiguration<HypervisorHost>
{
    public void Configure(EntityTypeBuilder<HypervisorHost> host)
    {
        host.Property(h => h.Name).HasMaxLength(100);
        host.Property(h => h.Uri).HasMaxLength(500);
        host.Property(h => h.LastError).HasMaxLength(2000);
        host.HasIndex(h => h.Name).IsUnique();
        host.HasIndex(h => h.Uri).IsUnique();
    }
}
