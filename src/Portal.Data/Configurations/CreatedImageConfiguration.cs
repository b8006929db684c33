using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Inventory;

namespace Portal.Data.Configurations;

internal sealed class CreatedImageConfiguration : IEntityTypeConfiguration<CreatedImage>
{
    public void Configure(EntityTypeBuilder<CreatedImage> image)
    {
        image.Property(i => i.Pool).HasMaxLength(200);
        image.Property(i => i.Name).HasMaxLength(200);
        image.Property(i => i.Path).HasMaxLength(1000);
        image.Property(i => i.Format).HasConversion<string>().HasMaxLength(10);
        image.HasOne<HypervisorHost>().WithMany().HasForeignKey(i => i.HostId).OnDelete(DeleteBehavior.Cascade);
        // Looked up by the paths a pool listing gives; one record per image of a host.
        image.HasIndex(i => i.Path);
        image.HasIndex(i => new { i.HostId, i.Pool, i.Name }).IsUnique();
    }
}
