using System.Net;
using System.Text.Json;
using Portal.Core.Audit;
using Portal.Core.Tenancy;
using Portal.Web.Features.Account;

namespace Portal.Web.Tests.Account;

/// <summary>The second step of a sign-in: the authenticator's code, or a recovery code once.</summary>
public class TwoFactorSignInTests(AccountPortal portal) : IClassFixture<AccountPortal>
{
    [Fact]
    public async Task A_wrong_code_is_refused_and_audited_and_the_right_one_signs_in()
    {
        var email = await portal.NewAccountAsync(Roles.Support);
        string key;
        using (var setUp = portal.NewClient())
        {
            (await setUp.SignInAsync(email)).Dispose();
            (key, _) = await setUp.EnrollAsync();
        }
        using var client = portal.NewClient();

        using var password = await client.SignInAsync(email, returnUrl: "/audit");
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        var secondStep = password.PathOf();
        Assert.Equal(AccountPaths.LoginTwoFactor + "?ReturnUrl=%2Faudit", secondStep);
        // The password alone is no sign-in.
        using (var before = await client.GetAsync(new Uri("/api/vms", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);

        using var wrong = await client.SecondStepAsync(secondStep, "two-factor", Totp.WrongCode(key));
        var page = await wrong.ReadPageAsync();
        Assert.NotNull(page.QuerySelector("[data-testid=login-error]"));
        using (var still = await client.GetAsync(new Uri("/api/vms", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Unauthorized, still.StatusCode);

        using var right = await client.SecondStepAsync(secondStep, "two-factor", Totp.Code(key));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/audit", right.PathOf());
        using (var after = await client.GetAsync(new Uri("/audit", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);

        var trail = (await portal.AuditOfAsync(email)).Where(a => a.Action is AuditActions.SignIn or AuditActions.SignInTwoFactor).ToList();
        Assert.Equal(
            [(AuditActions.SignIn, AuditOutcome.Succeeded), (AuditActions.SignIn, AuditOutcome.Pending),
             (AuditActions.SignInTwoFactor, AuditOutcome.Refused), (AuditActions.SignInTwoFactor, AuditOutcome.Succeeded)],
            trail.Select(a => (a.Action, a.Outcome)));
        Assert.Equal("Wrong authenticator code.", trail[2].Error);
        Assert.All(trail, a => Assert.Equal(AccountPortal.ClientAddress.ToString(), JsonDocument.Parse(a.Parameters).RootElement.GetProperty("ip").GetString()));
    }

    [Fact]
    public async Task A_recovery_code_works_once_and_new_codes_retire_the_old_ones()
    {
        var email = await portal.NewAccountAsync(Roles.Customer);
        IReadOnlyList<string> codes;
        using (var setUp = portal.NewClient())
        {
            (await setUp.SignInAsync(email)).Dispose();
            (_, codes) = await setUp.EnrollAsync();
        }
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());

        using (var first = portal.NewClient())
        {
            using var password = await first.SignInAsync(email, returnUrl: "/vms");
            var twoFactorPage = await first.GetPageAsync(password.PathOf());
            var recoveryUrl = twoFactorPage.QuerySelector("[data-testid=use-recovery-code]")!.GetAttribute("href")!;
            Assert.Equal(AccountPaths.LoginRecovery + "?ReturnUrl=%2Fvms", recoveryUrl);
            // As typed from a printout: spaces around it, lowercase.
            using var used = await first.SecondStepAsync(recoveryUrl, "recovery", " " + codes[0].ToLowerInvariant() + " ");
            Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
            Assert.Equal("/vms", used.PathOf());
            Assert.NotEmpty(await first.VisibleVmNamesAsync());

            // The account page says how many are left, and makes new ones on request.
            var account = await first.OpenAsync(AccountPaths.Account);
            Assert.Contains("9 recovery codes left", account.Document.QuerySelector("[data-testid=recovery-codes-left]")!.TextContent, StringComparison.Ordinal);
            using var renewed = await first.SubmitAsync(account, "recovery-codes");
            var fresh = (await renewed.ReadPageAsync()).QuerySelectorAll("[data-testid=recovery-codes] li").Select(li => li.TextContent.Trim()).ToList();
            Assert.Equal(10, fresh.Count);
            Assert.Empty(fresh.Intersect(codes));
            codes = [codes[0], codes[1], fresh[0]];
        }

        // The used code, and an unused one of the old set, are refused; a new one works.
        foreach (var (code, works) in new[] { (codes[0], false), (codes[1], false), (codes[2], true) })
        {
            using var client = portal.NewClient();
            using var password = await client.SignInAsync(email);
            using var answer = await client.SecondStepAsync(AccountPaths.LoginRecovery, "recovery", code);
            Assert.Equal(works ? HttpStatusCode.Redirect : HttpStatusCode.OK, answer.StatusCode);
            if (!works)
                Assert.Contains("not right", (await answer.ReadPageAsync()).QuerySelector("[data-testid=login-error]")!.TextContent, StringComparison.Ordinal);
        }

        var recoveries = (await portal.AuditOfAsync(email)).Where(a => a.Action == AuditActions.SignInRecoveryCode).Select(a => a.Outcome);
        Assert.Equal([AuditOutcome.Succeeded, AuditOutcome.Refused, AuditOutcome.Refused, AuditOutcome.Succeeded], recoveries);
        Assert.Contains(await portal.AuditOfAsync(email), a => a.Action == AuditActions.NewRecoveryCodes && a.Outcome == AuditOutcome.Succeeded);
    }

    [Fact]
    public async Task The_second_step_without_the_first_goes_back_to_the_sign_in_page()
    {
        using var client = portal.NewClient();

        using var response = await client.GetAsync(new Uri(AccountPaths.LoginTwoFactor + "?ReturnUrl=%2Faudit", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(AccountPaths.Login + "?ReturnUrl=%2Faudit", response.PathOf());
    }
}
