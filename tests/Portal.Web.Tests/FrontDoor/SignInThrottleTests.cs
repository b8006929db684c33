using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Data;
using Portal.Web.Features.Account;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.FrontDoor;

/// <summary>A portal with the production allowance: ten attempts at once per address, then one every 30 seconds.</summary>
public sealed class ThrottledPortal : PortalFactory
{
    public ThrottledPortal() => Settings = new Dictionary<string, string> { ["Portal:FrontDoor:SignInBurst"] = "10" };
}

public class SignInThrottleTests(ThrottledPortal portal) : IClassFixture<ThrottledPortal>
{
    [Fact]
    public async Task Thirty_wrong_sign_ins_from_one_address_get_the_generic_message_then_429_with_retry_after_and_both_are_audited()
    {
        using var client = portal.NewClient();
        var answers = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < 30; i++)
                answers.Add(await client.SignInAsync(i % 2 == 0 ? "ops@portal.example" : $"nobody{i}@nowhere.example", "Wrong-password-1!"));

            var allowed = answers.TakeWhile(a => a.StatusCode == HttpStatusCode.OK).ToList();
            Assert.Equal(10, allowed.Count);
            foreach (var answer in allowed)
                Assert.Contains("data-testid=\"login-error\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var throttled = answers.Skip(allowed.Count).ToList();
            Assert.All(throttled, a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
            Assert.InRange(int.Parse(throttled[0].Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
            Assert.Contains("data-testid=\"throttled\"", await throttled[0].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var answer in answers) answer.Dispose();
        }

        var audit = await portal.CallAsync<PortalDbContext, List<AuditEntry>>(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == AuditActions.SignIn || a.Action == AuditActions.SignInThrottled).ToListAsync());
        Assert.Equal(10, audit.Count(a => a.Action == AuditActions.SignIn && a.Outcome == AuditOutcome.Refused));
        // An attacker's flood is one row a minute, not one per request.
        Assert.Single(audit, a => a.Action == AuditActions.SignInThrottled);
        // The account was locked by its five wrong passwords: the same generic answer told nobody.
        Assert.True(await portal.CallAsync<Microsoft.AspNetCore.Identity.UserManager<Portal.Data.Identity.PortalUser>, bool>(
            async users => await users.IsLockedOutAsync((await users.FindByEmailAsync("ops@portal.example"))!)));
    }

    [Fact]
    public async Task Pages_are_not_throttled_only_the_posts_that_check_secrets()
    {
        using var client = portal.NewClient();
        for (var i = 0; i < 30; i++)
        {
            using var page = await client.GetAsync(new Uri(AccountPaths.Login, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }
}
