using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Identity;

namespace Portal.Web.Security;

/// <summary>
/// An open page keeps the sign-in it started with; this checks it against the account every minute: a deleted or
/// locked account, a renewed security stamp (password or two-factor changes), other roles, another tenant or another
/// two-factor state end it.
/// </summary>
public sealed class RevalidatingIdentityStateProvider(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return await IsCurrentAsync(users, authenticationState.User, options.Value.ClaimsIdentity);
    }

    internal static async Task<bool> IsCurrentAsync(UserManager<PortalUser> users, ClaimsPrincipal principal, ClaimsIdentityOptions claims)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || await users.IsLockedOutAsync(user)) return false;
        if (users.SupportsUserSecurityStamp && principal.FindFirstValue(claims.SecurityStampClaimType) != await users.GetSecurityStampAsync(user))
            return false;
        var roles = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal);
        if (!roles.SequenceEqual(principal.FindAll(claims.RoleClaimType).Select(c => c.Value).Order(StringComparer.Ordinal))) return false;
        if (principal.HasTwoFactor() != await users.GetTwoFactorEnabledAsync(user)) return false;
        return principal.FindFirstValue(PortalClaims.TenantId) == user.TenantId?.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
