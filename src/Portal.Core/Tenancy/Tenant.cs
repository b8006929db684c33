namespace Portal.Core.Tenancy;

/// <summary>A customer organisation; its VMs are tagged with <see cref="Slug"/> in the domain metadata.</summary>
public sealed class Tenant
{
    public Tenant(string slug, string name)
    {
        Slug = TenantSlug.Normalize(slug);
        Name = TenantRules.NormalizeName(name);
    }

    public int Id { get; private set; }
    /// <summary>Fixed once created: hosts' domain metadata names it.</summary>
    public string Slug { get; private set; }
    public string Name { get; private set; }
    /// <summary>A disabled tenant's customers cannot sign in; its VMs and their history stay.</summary>
    public bool Disabled { get; private set; }

    public void Rename(string name) => Name = TenantRules.NormalizeName(name);

    public void SetDisabled(bool disabled) => Disabled = disabled;
}
