using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Portal.Core.Audit;
using Portal.Core.Tenancy;
using Portal.Web.Features.Account;

namespace Portal.Web.Tests.Account;

/// <summary>Every sign-in attempt leaves an audit entry; the page itself tells an attacker nothing.</summary>
public partial class SignInAuditTests(AccountPortal portal) : IClassFixture<AccountPortal>
{
    [Fact]
    public async Task Success_wrong_passwords_the_lock_and_attempts_while_locked_are_audited_with_the_client_address()
    {
        var email = await portal.NewAccountAsync(Roles.Customer);
        using var client = portal.NewClient();

        (await client.SignInAsync(email)).Dispose();
        for (var i = 0; i < 5; i++) (await client.SignInAsync(email, $"Wrong-password-{i}")).Dispose();
        (await client.SignInAsync(email)).Dispose();

        var entries = (await portal.AuditOfAsync(email)).Where(a => a.Action == AuditActions.SignIn).ToList();
        Assert.Equal(7, entries.Count);
        Assert.Equal(AuditOutcome.Succeeded, entries[0].Outcome);
        Assert.All(entries.Skip(1), e => Assert.Equal(AuditOutcome.Refused, e.Outcome));
        Assert.All(entries.Skip(1).Take(4), e => Assert.Equal("Wrong password.", e.Error));
        Assert.Contains("now locked", entries[5].Error, StringComparison.Ordinal);
        Assert.Contains("is locked", entries[6].Error, StringComparison.Ordinal);
        Assert.All(entries, e =>
        {
            Assert.Equal(AccountPortal.ClientAddress.ToString(), JsonDocument.Parse(e.Parameters).RootElement.GetProperty("ip").GetString());
            Assert.NotNull(e.TenantId);
            Assert.True(DateTime.UtcNow - e.TimeUtc < TimeSpan.FromMinutes(5));
            Assert.DoesNotContain("Wrong-password", e.Parameters, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_unknown_email_is_audited_as_typed_and_capped()
    {
        var unknown = $"nobody-{Guid.NewGuid():N}@test.example";
        var long_ = new string('x', 400) + "@test.example";
        using var client = portal.NewClient();

        (await client.SignInAsync(unknown)).Dispose();
        (await client.SignInAsync(long_)).Dispose();

        var entry = Assert.Single(await portal.AuditOfAsync(unknown));
        Assert.Equal((AuditActions.SignIn, AuditOutcome.Refused, "No account with this email."), (entry.Action, entry.Outcome, entry.Error));
        var capped = Assert.Single(await portal.AuditOfAsync(AccountAudit.Capped(long_)));
        Assert.Equal(AccountAudit.MaxAccountLength, capped.UserName.Length);
    }

    [Fact]
    public async Task Unknown_email_wrong_password_and_locked_account_get_the_same_page()
    {
        var known = await portal.NewAccountAsync(Roles.Customer);
        var locked = await portal.NewAccountAsync(Roles.Customer);
        var unknown = "unknown0" + known[known.IndexOf('-', StringComparison.Ordinal)..];
        Assert.Equal(known.Length, unknown.Length);
        await portal.WithUsersAsync(async users => await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(locked))!, DateTimeOffset.UtcNow.AddMinutes(10)));

        var wrongPassword = await AnswerAsync(known, "Wrong-password-1!");
        var noSuchAccount = await AnswerAsync(unknown, "Wrong-password-1!");
        var lockedAccount = await AnswerAsync(locked, "Wrong-password-1!");
        var lockedRightPassword = await AnswerAsync(locked, DemoAccounts.DemoPassword);

        Assert.Equal(wrongPassword.Replace(known, "EMAIL", StringComparison.Ordinal), noSuchAccount.Replace(unknown, "EMAIL", StringComparison.Ordinal));
        Assert.Equal(wrongPassword.Replace(known, "EMAIL", StringComparison.Ordinal), lockedAccount.Replace(locked, "EMAIL", StringComparison.Ordinal));
        Assert.Equal(lockedAccount, lockedRightPassword);
        Assert.Equal(Login.SignInFailed, Browsing.Parse(wrongPassword).QuerySelector("[data-testid=login-error]")!.TextContent);
        Assert.DoesNotContain("Wrong-password-1!", wrongPassword, StringComparison.Ordinal);
    }

    /// <summary>
    /// The page a failed sign-in returns, with what is new on every response blanked: the antiforgery token and the
    /// framework's encrypted component state (both data-protected, with a fresh nonce each time).
    /// </summary>
    private async Task<string> AnswerAsync(string email, string password)
    {
        using var client = portal.NewClient();
        using var response = await client.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        return State().Replace(Token().Replace(html, "<input TOKEN>"), "<!--STATE-->");
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex Token();

    [GeneratedRegex("<!--Blazor-Server-Component-State:.*?-->")]
    private static partial Regex State();
}
