namespace Portal.Core.Tenancy;

/// <summary>
/// Which tenants' data a viewer may read. Customers are bound to one tenant; staff read all.
/// A customer without a tenant sees nothing rather than everything.
/// </summary>
public sealed record ViewerScope
{
    private ViewerScope(bool allTenants, int? tenantId)
    {
        AllTenants = allTenants;
        TenantId = tenantId;
    }

    public bool AllTenants { get; }
    public int? TenantId { get; }

    public static ViewerScope Staff { get; } = new(true, null);
    public static ViewerScope Nobody { get; } = new(false, null);
    public static ViewerScope ForTenant(int tenantId) => new(false, tenantId);

    public bool CanSee(int? vmTenantId) => AllTenants || (TenantId is { } mine && vmTenantId == mine);
}
