using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Tenancy;
using Portal.Web.Features.Account;
using Portal.Web.Security;

namespace Portal.Web.Tests.Account;

/// <summary>With two-factor required for staff, a staff account sees nothing but the enrollment page until it has an app.</summary>
public class StaffEnrollmentTests(AccountPortal portal) : IClassFixture<AccountPortal>
{
    [Fact]
    public async Task Support_without_two_factor_is_sent_to_enrollment_and_gets_in_after_enrolling()
    {
        var email = await portal.NewAccountAsync(Roles.Support);
        using var client = portal.NewClient();
        using var signIn = await client.SignInAsync(email, returnUrl: "/vms?q=web");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        // Pages go to enrollment, and come back to where they were going afterwards.
        foreach (var page in new[] { "/vms?q=web", "/", "/audit", "/account", "/no-such-page" })
        {
            using var response = await client.GetAsync(new Uri(page, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(AccountPaths.Enroll + "?ReturnUrl=" + Uri.EscapeDataString(page), response.PathOf());
        }
        // The API says why, in a problem-details body; the VM list's data stays closed.
        using (var api = await client.GetAsync(new Uri("/api/vms", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
            Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
            var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("Two-factor enrollment is required", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.Equal(AccountPaths.Enroll, problem.GetProperty("enroll").GetString());
        }
        // The circuit's hub is no way around it either.
        using (var hub = await client.PostAsync(new Uri("/_blazor/negotiate?negotiateVersion=1", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.Forbidden, hub.StatusCode);

        // What stays reachable: the enrollment page with its styles and scripts, health, sign-in and error pages.
        var enroll = await client.GetPageAsync(AccountPaths.Enroll + "?ReturnUrl=%2Fvms%3Fq%3Dweb");
        Assert.NotNull(enroll.QuerySelector("[data-testid=enrollment-required]"));
        Assert.NotNull(enroll.QuerySelector("[data-testid=qr-code] svg"));
        var assets = enroll.QuerySelectorAll("link[rel=stylesheet][href], script[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")).ToList();
        Assert.NotEmpty(assets);
        foreach (var url in assets.Append("/healthz").Append(AccountPaths.Login).Append("/error"))
        {
            using var response = await client.GetAsync(new Uri(url!.StartsWith('/') ? url : "/" + url, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
        }

        // Enrolling with a code from the app; the page shows ten recovery codes and the way back.
        var key = enroll.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        using var enrolled = await client.SubmitAsync(new(AccountPaths.Enroll + "?ReturnUrl=%2Fvms%3Fq%3Dweb", enroll), "enroll",
            new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) });
        var done = await enrolled.ReadPageAsync();
        Assert.Equal(10, done.QuerySelectorAll("[data-testid=recovery-codes] li").Length);
        Assert.Equal("/vms?q=web", done.QuerySelector("[data-testid=continue]")!.GetAttribute("href"));

        // The refreshed sign-in carries the two-factor claim: the portal opens.
        using var list = await client.GetAsync(new Uri("/vms?q=web", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.NotEmpty(await client.VisibleVmNamesAsync());
        Assert.True(await portal.WithUsersAsync(async users => await users.GetTwoFactorEnabledAsync((await users.FindByEmailAsync(email))!)));
    }

    [Fact]
    public async Task A_wrong_code_during_enrollment_leaves_two_factor_off_and_is_audited()
    {
        var email = await portal.NewAccountAsync(Roles.Ops);
        using var client = portal.NewClient();
        (await client.SignInAsync(email)).Dispose();

        var page = await client.OpenAsync(AccountPaths.Enroll);
        var key = page.Document.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        using var response = await client.SubmitAsync(page, "enroll", new Dictionary<string, string> { ["Input.Code"] = Totp.WrongCode(key) });

        var again = await response.ReadPageAsync();
        Assert.NotNull(again.QuerySelector("[data-testid=enroll-error]"));
        // The same key until it is confirmed: a QR code already scanned stays good.
        Assert.Equal(key, again.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal));
        using var api = await client.GetAsync(new Uri("/api/vms", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        var entry = Assert.Single(await portal.AuditOfAsync(email), a => a.Action == Core.Audit.AuditActions.EnableTwoFactor);
        Assert.Equal(Core.Audit.AuditOutcome.Refused, entry.Outcome);

        // Signing out stays possible without enrolling.
        using var signOut = await client.SubmitAsync(new(AccountPaths.Enroll, again), "", null, action: AccountPaths.Logout);
        Assert.Equal(AccountPaths.Login, signOut.PathOf());
        using var after = await client.GetAsync(new Uri("/api/vms", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Customers_are_not_made_to_enroll()
    {
        var email = await portal.NewAccountAsync(Roles.Customer);
        using var client = portal.NewClient();
        (await client.SignInAsync(email)).Dispose();

        using var list = await client.GetAsync(new Uri("/vms", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.NotEmpty(await client.VisibleVmNamesAsync());
        var account = await client.GetPageAsync(AccountPaths.Account);
        Assert.Equal("false", account.QuerySelector("[data-testid=two-factor-state]")!.GetAttribute("data-on"));
    }

    [Fact]
    public void Two_factor_is_required_for_staff_by_default_outside_development_only()
    {
        Assert.True(new SecurityOptions().RequireTwoFactorForStaff);
        Assert.True(portal.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.RequireTwoFactorForStaff);
    }
}
