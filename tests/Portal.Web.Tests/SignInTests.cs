using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Identity;
using Portal.Web.Features.Account;

namespace Portal.Web.Tests;

public class SignInTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_wrong_password_is_refused_without_saying_which_part_was_wrong()
    {
        using var client = portal.NewClient();

        using var response = await client.SignInAsync("gus@globex.example", "Wrong-password-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Browsing.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Login.SignInFailed, page.QuerySelector("[data-testid=login-error]")!.TextContent);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        await using var own = new PortalFactory();
        using var client = own.NewClient();

        for (var i = 0; i < 5; i++) (await client.SignInAsync("ops@portal.example", $"Wrong-password-{i}")).Dispose();
        using var response = await client.SignInAsync("ops@portal.example");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Browsing.Parse(await response.Content.ReadAsStringAsync());
        // The same answer as for a wrong password: the page does not tell who is locked.
        Assert.Equal(Login.SignInFailed, page.QuerySelector("[data-testid=login-error]")!.TextContent);
        using var scope = own.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync("ops@portal.example"))!));
    }

    [Fact]
    public async Task A_sign_in_returns_to_the_page_asked_for_but_never_off_site()
    {
        using var local = portal.NewClient();
        using var offSite = portal.NewClient();

        using var toLocal = await local.SignInAsync("alice@acme.example", returnUrl: "/vms?q=web");
        using var toOffSite = await offSite.SignInAsync("alice@acme.example", returnUrl: "https://evil.example/phish");

        Assert.Equal("/vms?q=web", toLocal.Headers.Location!.OriginalString.Replace("https://localhost", "", StringComparison.Ordinal));
        Assert.Equal("/", toOffSite.Headers.Location!.OriginalString.Replace("https://localhost", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_rejected()
    {
        using var client = portal.NewClient();
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = "alice@acme.example",
            ["Input.Password"] = DemoAccounts.DemoPassword,
        });

        using var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("portal.auth", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Sign_out_needs_the_antiforgery_token_and_then_ends_the_session()
    {
        using var client = await portal.SignedInAsync("alice@acme.example");

        using var forged = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.NotEmpty(await client.VisibleVmNamesAsync());

        var page = await client.GetPageAsync("/vms");
        using var body = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = page.AntiforgeryToken() });
        using var signOut = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), body);
        using var after = await client.GetAsync(new Uri("/vms", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_accounts_are_listed_in_demo_mode()
    {
        using var client = portal.NewClient();

        var page = await client.GetPageAsync("/account/login");

        var listed = page.QuerySelectorAll("[data-testid=demo-accounts] tbody tr td:first-child").Select(td => td.TextContent);
        Assert.Equal(DemoAccounts.All.Select(a => a.Email), listed);
    }
}
