using System.Globalization;
using System.Security.Claims;
using Portal.Core.Security;
using Portal.Core.Tenancy;

namespace Portal.Web.Security;

public static class PortalClaims
{
    public const string TenantId = "portal:tenant";

    /// <summary>Present (value <c>on</c>) when the account has two-factor sign-in turned on.</summary>
    public const string TwoFactor = "portal:2fa";

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

    public static bool HasTwoFactor(this ClaimsPrincipal user) => user.HasClaim(TwoFactor, "on");

    /// <summary>Whether this signed-in user has to set up two-factor sign-in before anything else (<see cref="TwoFactorRule"/>).</summary>
    public static bool NeedsTwoFactorEnrollment(this ClaimsPrincipal user, bool requiredForStaff, string roleClaimType = ClaimTypes.Role) =>
        user.Identity?.IsAuthenticated == true
        && TwoFactorRule.NeedsEnrollment(user.FindAll(roleClaimType).Select(c => c.Value), user.HasTwoFactor(), requiredForStaff);
}
