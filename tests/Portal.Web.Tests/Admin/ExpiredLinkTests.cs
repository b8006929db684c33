using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Tenancy;
using Portal.Web.Features.Account;
using Portal.Web.Features.Admin;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.Admin;

/// <summary>Links past their lifespan (here: no lifespan at all) are refused like used ones.</summary>
public class ExpiredLinkTests(ExpiredLinkTests.NoLifespanPortal portal) : IClassFixture<ExpiredLinkTests.NoLifespanPortal>
{
    public sealed class NoLifespanPortal : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.Configure<InvitationTokenOptions>(o => o.TokenLifespan = TimeSpan.Zero);
                services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.Zero);
            });
        }
    }

    [Fact]
    public async Task An_expired_invitation_or_reset_link_shows_that_it_is_no_longer_valid_and_sets_nothing()
    {
        var admin = await portal.UserAsync("admin@portal.example");
        var invited = await portal.InviteAsync(admin, "late@wayne.example", Roles.Support, null);
        var ops = await portal.UserIdAsync("ops@portal.example");
        var reset = await portal.CallAsync<UserAdministration, AdminOutcome>(u => u.SendPasswordResetAsync(admin, ops, AdminCalls.PortalUri));
        var before = await portal.TenancySnapshotAsync();

        foreach (var link in new[] { invited.Link!, reset.Link! })
        {
            var page = await portal.NewClient().GetPageAsync(new Uri(link).PathAndQuery);
            Assert.NotNull(page.QuerySelector("[data-testid=link-invalid]"));
            Assert.Null(page.QuerySelector("form"));
        }
        Assert.Equal(before, await portal.TenancySnapshotAsync());
    }
}
