using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Identity;

namespace Portal.Web.Security;

/// <summary>
/// Puts the customer's tenant into the sign-in cookie so scoping needs no lookup per request, and whether two-factor
/// sign-in is on, which the staff enrollment gate reads.
/// </summary>
public sealed class PortalClaimsFactory(
    UserManager<PortalUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.TenantId is { } tenantId)
            identity.AddClaim(new Claim(PortalClaims.TenantId, tenantId.ToString(CultureInfo.InvariantCulture)));
        if (!string.IsNullOrEmpty(user.DisplayName))
            identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        if (await UserManager.GetTwoFactorEnabledAsync(user))
            identity.AddClaim(new Claim(PortalClaims.TwoFactor, "on"));
        return identity;
    }
}
