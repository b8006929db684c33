using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Data.Identity;
using Portal.Web.Security;

namespace Portal.Web.Tests;

/// <summary>An open page keeps its sign-in only while the account's security stamp is the one it signed in with.</summary>
public class OpenPageSessionTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_renewed_security_stamp_ends_the_sign_in_of_open_pages()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>();
        var stampClaim = scope.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var user = (await users.FindByEmailAsync("gus@globex.example"))!;
        var principal = await signIn.CreateUserPrincipalAsync(user);

        Assert.True(await RevalidatingIdentityStateProvider.IsCurrentAsync(users, principal, stampClaim));
        // A role or tenant change, a lock or a password change renews the stamp.
        await users.UpdateSecurityStampAsync(user);
        Assert.False(await RevalidatingIdentityStateProvider.IsCurrentAsync(users, principal, stampClaim));
        Assert.True(await RevalidatingIdentityStateProvider.IsCurrentAsync(users, await signIn.CreateUserPrincipalAsync(user), stampClaim));
    }

    [Fact]
    public void Open_pages_are_checked_at_least_every_minute()
    {
        using var scope = portal.Services.CreateScope();
        var provider = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();

        var revalidating = Assert.IsType<RevalidatingIdentityStateProvider>(provider);
        var interval = (TimeSpan)typeof(RevalidatingIdentityStateProvider)
            .GetProperty("RevalidationInterval", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(revalidating)!;
        Assert.True(interval <= TimeSpan.FromMinutes(1));
    }
}
