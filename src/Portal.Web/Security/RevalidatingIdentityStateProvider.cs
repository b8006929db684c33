using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Identity;

namespace Portal.Web.Security;

/// <summary>
/// An open page keeps the sign-in it started with; this checks it against the account every minute, so a role or
/// tenant change, a lock, a password change or a deletion (each renews the security stamp) reaches open pages too.
/// </summary>
public sealed class RevalidatingIdentityStateProvider(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return await IsCurrentAsync(users, authenticationState.User, options.Value.ClaimsIdentity.SecurityStampClaimType);
    }

    internal static async Task<bool> IsCurrentAsync(UserManager<PortalUser> users, ClaimsPrincipal principal, string stampClaim)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        return principal.FindFirstValue(stampClaim) == await users.GetSecurityStampAsync(user);
    }
}
