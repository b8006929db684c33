using System.Globalization;
using System.Security.Claims;
using Portal.Core.Tenancy;

namespace Portal.Web.Security;

public static class PortalClaims
{
    public const string TenantId = "portal:tenant";

    /// <summary>What this user may read. A customer without a tenant sees nothing.</summary>
    public static ViewerScope Scope(this ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return ViewerScope.Nobody;
        if (Roles.Staff.Any(user.IsInRole)) return ViewerScope.Staff;
        return int.TryParse(user.FindFirstValue(TenantId), NumberStyles.None, CultureInfo.InvariantCulture, out var tenantId)
            ? ViewerScope.ForTenant(tenantId)
            : ViewerScope.Nobody;
    }

    public static bool IsStaff(this ClaimsPrincipal user) => Roles.Staff.Any(user.IsInRole);
}
