using Microsoft.AspNetCore.Identity;

namespace Portal.Data.Identity;

/// <summary>An account. Customers are bound to one tenant; staff have none.</summary>
public sealed class PortalUser : IdentityUser
{
    public int? TenantId { get; set; }
    public string? DisplayName { get; set; }
}
