using System.Net;
using Portal.Core.Audit;
using Portal.Core.Tenancy;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.Admin;

/// <summary>Onboarding on a Production portal (no demo): invitations go out through a real SMTP server, or not at all.</summary>
public class MailedInvitationTests
{
    private const string AdminPassword = "First-admin-pass-1";

    [Fact]
    public async Task A_production_admin_onboards_a_customer_by_mail_end_to_end()
    {
        await using var mail = await TestMailServer.StartAsync();
        await using var portal = new PortalFactory { EnvironmentName = "Production", Demo = false, Settings = mail.Settings };
        var admin = await CreateAdminAsync(portal);
        Assert.True((await portal.CreateTenantAsync(admin, "Umbrella", "umbrella")).Succeeded);

        var invited = await portal.InviteAsync(admin, "carol@umbrella.example", Roles.Customer, await portal.TenantIdAsync("umbrella"));

        Assert.True(invited.Succeeded, invited.Message);
        Assert.Null(invited.Link); // it went by mail, not to the admin's screen
        var message = await mail.NextAsync();
        Assert.Equal("carol@umbrella.example", message.To.Mailboxes.Single().Address);
        var link = TestMailServer.LinkIn(message);
        Assert.StartsWith(AdminCalls.PortalUri + "account/invitation?", link, StringComparison.Ordinal);

        using var client = portal.NewClient();
        var page = await client.GetPageAsync(new Uri(link).PathAndQuery);
        Assert.Equal("carol@umbrella.example", page.QuerySelector("[data-testid=link-email]")!.TextContent);
        using (var set = await client.PostFormAsync(page, new() { ["Input.Password"] = "Carol-umbrella-2026!", ["Input.Confirm"] = "Carol-umbrella-2026!" }))
            Assert.Contains("password-set", await set.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var signIn = await client.SignInAsync("carol@umbrella.example", "Carol-umbrella-2026!");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Empty(await client.VisibleVmNamesAsync());
    }

    [Fact]
    public async Task Without_mail_a_production_portal_refuses_to_invite_and_creates_nothing()
    {
        await using var portal = new PortalFactory { EnvironmentName = "Production", Demo = false };
        var admin = await CreateAdminAsync(portal);
        var before = await portal.TenancySnapshotAsync();

        var outcome = await portal.InviteAsync(admin, "dave@umbrella.example", Roles.Support, null);

        Assert.False(outcome.Succeeded);
        Assert.Contains("Mail is not configured", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(before, await portal.TenancySnapshotAsync());
        Assert.Equal(AuditOutcome.Refused, (await portal.LastAuditAsync(AuditActions.InviteUser))!.Outcome);
    }

    [Fact]
    public async Task A_mail_server_that_does_not_answer_leaves_no_account_behind()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        await using var portal = new PortalFactory
        {
            EnvironmentName = "Production", Demo = false,
            Settings = new Dictionary<string, string> { ["Portal:Mail:Host"] = "127.0.0.1", ["Portal:Mail:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Portal:Mail:Security"] = "None" },
        };
        var admin = await CreateAdminAsync(portal);
        var before = await portal.TenancySnapshotAsync();

        var outcome = await portal.InviteAsync(admin, "erin@umbrella.example", Roles.Ops, null);

        Assert.False(outcome.Succeeded);
        Assert.Contains("no account was created", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(before, await portal.TenancySnapshotAsync());
        Assert.Equal(AuditOutcome.Failed, (await portal.LastAuditAsync(AuditActions.InviteUser))!.Outcome);
    }

    private static async Task<System.Security.Claims.ClaimsPrincipal> CreateAdminAsync(PortalFactory portal)
    {
        Environment.SetEnvironmentVariable("PORTAL_ADMIN_PASSWORD", AdminPassword);
        try
        {
            Assert.Equal(0, await Portal.Web.Hosting.AdminCommand.RunAsync(portal.Services, ["create-admin", "root@portal.example"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PORTAL_ADMIN_PASSWORD", null);
        }
        return await portal.UserAsync("root@portal.example");
    }
}
