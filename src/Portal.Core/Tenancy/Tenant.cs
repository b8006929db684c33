namespace Portal.Core.Tenancy;

/// <summary>A customer organisation; its VMs are tagged with <see cref="Slug"/> in the domain metadata.</summary>
public sealed class Tenant
{
    public Tenant(string slug, string name)
    {
        Slug = TenantSlug.Normalize(slug);
        Name = name.Trim();
    }

    public int Id { get; private set; }
    public string Slug { get; private set; }
    public string Name { get; private set; }
}
