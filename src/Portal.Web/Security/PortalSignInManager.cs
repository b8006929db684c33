using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Identity;

namespace Portal.Web.Security;

/// <summary>Identity's sign-in, plus the portal's own rule: the customers of a disabled tenant cannot sign in.</summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<PortalUser> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<PortalUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation, PortalDbContext db)
    : SignInManager<PortalUser>(users, http, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PortalUser user) =>
        await base.CanSignInAsync(user) && !await TenantDisabledAsync(db, user);

    internal static async Task<bool> TenantDisabledAsync(PortalDbContext db, PortalUser user) =>
        user.TenantId is { } tenantId && await db.Tenants.AnyAsync(t => t.Id == tenantId && t.Disabled);
}
