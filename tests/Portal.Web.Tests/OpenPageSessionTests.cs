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
        var claims = scope.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var user = (await users.FindByEmailAsync("gus@globex.example"))!;
        var principal = await signIn.CreateUserPrincipalAsync(user);

        Assert.True(await RevalidatingIdentityStateProvider.IsCurrentAsync(users, principal, claims));
        // A role or tenant change, a lock or a password change renews the stamp.
        await users.UpdateSecurityStampAsync(user);
        Assert.False(await RevalidatingIdentityStateProvider.IsCurrentAsync(users, principal, claims));
        Assert.True(await RevalidatingIdentityStateProvider.IsCurrentAsync(users, await signIn.CreateUserPrincipalAsync(user), claims));
    }

    [Fact]
    public async Task Another_role_a_lock_or_another_two_factor_state_ends_the_sign_in_of_open_pages_even_without_a_new_stamp()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>();
        var claims = scope.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var user = (await users.FindByEmailAsync("support@portal.example"))!;
        var principal = await signIn.CreateUserPrincipalAsync(user);
        var stamp = await users.GetSecurityStampAsync(user);

        await users.AddToRoleAsync(user, Core.Tenancy.Roles.Ops);
        await RestoreStampAsync(users, user, stamp);
        Assert.False(await RevalidatingIdentityStateProvider.IsCurrentAsync(users, principal, claims));

        await users.RemoveFromRoleAsync(user, Core.Tenancy.Roles.Ops);
        await RestoreStampAsync(users, user, stamp);
        Assert.True(await RevalidatingIdentityStateProvider.IsCurrentAsync(users, principal, claims));
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(5));
        await RestoreStampAsync(users, user, stamp);
        Assert.False(await RevalidatingIdentityStateProvider.IsCurrentAsync(users, principal, claims));
        await users.SetLockoutEndDateAsync(user, null);
        await RestoreStampAsync(users, user, stamp);
        Assert.True(await RevalidatingIdentityStateProvider.IsCurrentAsync(users, principal, claims));

        // Two-factor turned on (or off) elsewhere: the enrollment gate reads the claim, so the claim must be current.
        await users.SetTwoFactorEnabledAsync(user, true);
        await RestoreStampAsync(users, user, stamp);
        Assert.False(await RevalidatingIdentityStateProvider.IsCurrentAsync(users, principal, claims));
        Assert.True(await RevalidatingIdentityStateProvider.IsCurrentAsync(users, await signIn.CreateUserPrincipalAsync(user), claims));
        Assert.True((await signIn.CreateUserPrincipalAsync(user)).HasTwoFactor());
        await users.SetTwoFactorEnabledAsync(user, false);
        await RestoreStampAsync(users, user, stamp);
    }

    [Fact]
    public void Sign_in_cookies_are_checked_against_the_account_at_least_every_minute_too()
    {
        var options = portal.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;

        Assert.True(options.ValidationInterval <= TimeSpan.FromMinutes(1));
    }

    /// <summary>Identity renews the stamp on some of these changes; put it back, to see the other checks alone.</summary>
    private static async Task RestoreStampAsync(UserManager<PortalUser> users, PortalUser user, string stamp)
    {
        user.SecurityStamp = stamp;
        await users.UpdateAsync(user);
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
