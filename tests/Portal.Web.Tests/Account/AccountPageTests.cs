using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Audit;
using Portal.Core.Tenancy;
using Portal.Data.Identity;
using Portal.Web.Features.Account;
using Portal.Web.Security;

namespace Portal.Web.Tests.Account;

/// <summary>The account page: password and two-factor sign-in, for every signed-in user.</summary>
public class AccountPageTests(AccountPortal portal) : IClassFixture<AccountPortal>
{
    private const string NewPassword = "Fresh-portal-2027!";

    [Fact]
    public async Task A_new_password_keeps_this_sign_in_ends_the_others_and_retires_the_old_one()
    {
        var email = await portal.NewAccountAsync(Roles.Customer);
        using var here = portal.NewClient();
        using var elsewhere = portal.NewClient();
        (await here.SignInAsync(email)).Dispose();
        (await elsewhere.SignInAsync(email)).Dispose();
        Assert.NotEmpty(await elsewhere.VisibleVmNamesAsync());
        var openPage = await portal.WithUsersAsync(async users =>
        {
            using var scope = portal.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>().CreateUserPrincipalAsync((await users.FindByEmailAsync(email))!);
        });

        var account = await here.OpenAsync(AccountPaths.Account);
        using var changed = await here.SubmitAsync(account, "password", new Dictionary<string, string>
        {
            ["Password.Current"] = DemoAccounts.DemoPassword,
            ["Password.New"] = NewPassword,
            ["Password.Confirm"] = NewPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(AccountPaths.Account + "?done=password", changed.PathOf());
        // This sign-in was refreshed with the new stamp and goes on.
        var after = await here.GetPageAsync(AccountPaths.Account + "?done=password");
        Assert.Contains("password was changed", after.QuerySelector("[data-testid=account-status]")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(await here.VisibleVmNamesAsync());
        // Another session's cookie is refused at its next check, and an open page's sign-in is no longer current.
        using (var stale = await elsewhere.GetAsync(new Uri("/api/vms", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.False(await portal.WithUsersAsync(users => RevalidatingIdentityStateProvider.IsCurrentAsync(users, openPage,
            portal.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity)));
        // The old password no longer signs in; the new one does.
        using (var old = portal.NewClient())
        using (var refused = await old.SignInAsync(email))
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        using (var fresh = portal.NewClient())
        using (var accepted = await fresh.SignInAsync(email, NewPassword))
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        var entry = Assert.Single(await portal.AuditOfAsync(email), a => a.Action == AuditActions.ChangePassword);
        Assert.Equal(AuditOutcome.Succeeded, entry.Outcome);
    }

    [Theory]
    [InlineData("Wrong-password-1!", NewPassword, NewPassword, "The current password is wrong.")]
    [InlineData(DemoAccounts.DemoPassword, "short", "short", "Passwords must be at least 12 characters.")]
    [InlineData(DemoAccounts.DemoPassword, NewPassword, "Another-one-2027!", "The two new passwords differ.")]
    public async Task A_password_change_that_fails_says_why_and_changes_nothing(string current, string next, string confirm, string message)
    {
        var email = await portal.NewAccountAsync(Roles.Customer);
        using var client = portal.NewClient();
        (await client.SignInAsync(email)).Dispose();

        var account = await client.OpenAsync(AccountPaths.Account);
        using var response = await client.SubmitAsync(account, "password", new Dictionary<string, string>
        {
            ["Password.Current"] = current,
            ["Password.New"] = next,
            ["Password.Confirm"] = confirm,
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, Browsing.Parse(html).QuerySelector("#main")!.TextContent, StringComparison.Ordinal);
        // Passwords are never written back into the page.
        Assert.DoesNotContain(current, html, StringComparison.Ordinal);
        Assert.DoesNotContain(confirm, html, StringComparison.Ordinal);
        using var same = portal.NewClient();
        using var signIn = await same.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task Turning_two_factor_off_needs_the_password_and_kills_the_old_key()
    {
        var email = await portal.NewAccountAsync(Roles.Customer);
        using var client = portal.NewClient();
        (await client.SignInAsync(email)).Dispose();
        var (key, _) = await client.EnrollAsync();

        var account = await client.OpenAsync(AccountPaths.Account);
        Assert.Equal("true", account.Document.QuerySelector("[data-testid=two-factor-state]")!.GetAttribute("data-on"));
        using (var wrong = await client.SubmitAsync(account, "disable-two-factor", new Dictionary<string, string> { ["Disable.Password"] = "Wrong-password-1!" }))
            Assert.NotNull((await wrong.ReadPageAsync()).QuerySelector("[data-testid=disable-error]"));
        account = await client.OpenAsync(AccountPaths.Account);
        using var off = await client.SubmitAsync(account, "disable-two-factor", new Dictionary<string, string> { ["Disable.Password"] = DemoAccounts.DemoPassword });

        Assert.Equal(AccountPaths.Account + "?done=two-factor-off", off.PathOf());
        var after = await client.GetPageAsync(AccountPaths.Account + "?done=two-factor-off");
        Assert.Equal("false", after.QuerySelector("[data-testid=two-factor-state]")!.GetAttribute("data-on"));
        // The password alone signs in again; setting up again shows a new key.
        using (var plain = portal.NewClient())
        using (var signIn = await plain.SignInAsync(email))
            Assert.Equal("/", signIn.PathOf());
        var enroll = await client.GetPageAsync(AccountPaths.Enroll);
        Assert.NotEqual(key, enroll.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal([AuditOutcome.Refused, AuditOutcome.Succeeded],
            (await portal.AuditOfAsync(email)).Where(a => a.Action == AuditActions.DisableTwoFactor).Select(a => a.Outcome));
    }

    [Fact]
    public async Task Staff_who_turn_two_factor_off_set_it_up_again_before_anything_else()
    {
        var email = await portal.NewAccountAsync(Roles.Admin);
        using var client = portal.NewClient();
        (await client.SignInAsync(email)).Dispose();
        await client.EnrollAsync();

        var account = await client.OpenAsync(AccountPaths.Account);
        using var off = await client.SubmitAsync(account, "disable-two-factor", new Dictionary<string, string> { ["Disable.Password"] = DemoAccounts.DemoPassword });

        Assert.StartsWith(AccountPaths.Enroll, off.PathOf(), StringComparison.Ordinal);
        using var hosts = await client.GetAsync(new Uri("/admin/hosts", UriKind.Relative));
        Assert.StartsWith(AccountPaths.Enroll, hosts.PathOf(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_account_page_needs_a_sign_in_and_is_never_cached()
    {
        using var anonymous = portal.NewClient();
        using var redirect = await anonymous.GetAsync(new Uri(AccountPaths.Account, UriKind.Relative));
        Assert.StartsWith(AccountPaths.Login, redirect.Headers.Location!.AbsolutePath, StringComparison.Ordinal);

        var email = await portal.NewAccountAsync(Roles.Customer);
        using var client = portal.NewClient();
        (await client.SignInAsync(email)).Dispose();
        using var page = await client.GetAsync(new Uri(AccountPaths.Account, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl!.NoStore);
        var html = Browsing.Parse(await page.Content.ReadAsStringAsync());
        Assert.Equal(email, html.QuerySelector("[data-testid=account-email]")!.TextContent);
        Assert.Equal("/", html.QuerySelector("[data-testid=back-to-portal]")!.GetAttribute("href"));
    }
}
