using System.Net;
using Portal.Core.Audit;
using Portal.Core.Tenancy;
using Portal.Web.Features.Admin;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.Admin;

/// <summary>Accounts on a Development portal without mail: links are handed to the admin, and followed like a browser would.</summary>
public class UserAdministrationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string NewPassword = "Umbrella-portal-2026!";

    [Fact]
    public async Task An_invited_customer_sets_a_password_with_the_link_once_and_signs_in_to_an_empty_list()
    {
        var admin = await portal.UserAsync("admin@portal.example");
        Assert.True((await portal.CreateTenantAsync(admin, "Wayne Enterprises", "wayne")).Succeeded);

        var invited = await portal.InviteAsync(admin, "bruce@wayne.example", Roles.Customer, await portal.TenantIdAsync("wayne"));

        Assert.True(invited.Succeeded, invited.Message);
        Assert.NotNull(invited.Link);
        using var client = portal.NewClient();
        using (var before = await client.SignInAsync("bruce@wayne.example", NewPassword)) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using (var set = await SetPasswordAsync(client, invited.Link, NewPassword)) Assert.Contains("data-testid=\"password-set\"", await set.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var signIn = await client.SignInAsync("bruce@wayne.example", NewPassword)) Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Empty(await client.VisibleVmNamesAsync());

        var reused = await portal.NewClient().GetPageAsync(PathOf(invited.Link));
        Assert.NotNull(reused.QuerySelector("[data-testid=link-invalid]"));
        Assert.Equal(AuditOutcome.Succeeded, (await portal.LastAuditAsync(AuditActions.AcceptInvitation))!.Outcome);
    }

    [Fact]
    public async Task A_reset_link_works_for_its_own_account_only_and_once()
    {
        var admin = await portal.UserAsync("admin@portal.example");
        Assert.True((await portal.InviteAsync(admin, "lucius@wayne.example", Roles.Support, null)).Succeeded);
        var lucius = await portal.UserIdAsync("lucius@wayne.example");
        var support = await portal.UserIdAsync("support@portal.example");

        var reset = await portal.CallAsync<UserAdministration, AdminOutcome>(u => u.SendPasswordResetAsync(admin, support, AdminCalls.PortalUri));

        Assert.True(reset.Succeeded, reset.Message);
        var forOther = reset.Link!.Replace(Uri.EscapeDataString(support), Uri.EscapeDataString(lucius), StringComparison.Ordinal);
        var other = await portal.NewClient().GetPageAsync(PathOf(forOther));
        Assert.NotNull(other.QuerySelector("[data-testid=link-invalid]"));

        using var client = portal.NewClient();
        using (var set = await SetPasswordAsync(client, reset.Link, NewPassword)) Assert.Contains("password-set", await set.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var signIn = await client.SignInAsync("support@portal.example", NewPassword)) Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.NotNull((await portal.NewClient().GetPageAsync(PathOf(reset.Link))).QuerySelector("[data-testid=link-invalid]"));
    }

    [Theory]
    [InlineData("ops@portal.example", Roles.Customer, null, "must belong to a tenant")]
    [InlineData("new@portal.example", Roles.Ops, "acme", "Staff belong to no tenant")]
    [InlineData("not-an-email", Roles.Support, null, "not an email address")]
    [InlineData("new@portal.example", "Root", null, "Choose a role")]
    public async Task A_bad_invitation_is_refused_audited_and_creates_nothing(string email, string role, string? tenant, string message)
    {
        var admin = await portal.UserAsync("admin@portal.example");
        int? tenantId = tenant is null ? null : await portal.TenantIdAsync(tenant);
        var before = await portal.TenancySnapshotAsync();

        var outcome = await portal.InviteAsync(admin, email, role, tenantId);

        Assert.False(outcome.Succeeded);
        Assert.Contains(message, outcome.Message, StringComparison.Ordinal);
        Assert.Equal(before, await portal.TenancySnapshotAsync());
        Assert.Equal(AuditOutcome.Refused, (await portal.LastAuditAsync(AuditActions.InviteUser))!.Outcome);
    }

    [Fact]
    public async Task A_duplicate_email_is_refused()
    {
        var admin = await portal.UserAsync("admin@portal.example");
        var outcome = await portal.InviteAsync(admin, "ops@portal.example", Roles.Ops, null);
        Assert.Equal((false, "An account with this email exists already."), (outcome.Succeeded, outcome.Message));
    }

    [Fact]
    public async Task An_admin_cannot_demote_lock_or_delete_themself_and_the_last_admin_stays()
    {
        var admin = await portal.UserAsync("admin@portal.example");
        var me = await portal.UserIdAsync("admin@portal.example");
        var before = await portal.TenancySnapshotAsync();

        var demote = await portal.CallAsync<UserAdministration, AdminOutcome>(u => u.ChangeAsync(admin, me, Roles.Ops, null));
        var lockSelf = await portal.CallAsync<UserAdministration, AdminOutcome>(u => u.SetLockedAsync(admin, me, true));
        var delete = await portal.CallAsync<UserAdministration, AdminOutcome>(u => u.DeleteAsync(admin, me));

        Assert.False(demote.Succeeded || lockSelf.Succeeded || delete.Succeeded);
        Assert.Equal(before, await portal.TenancySnapshotAsync());
    }

    [Fact]
    public async Task Role_tenant_lock_and_deletion_end_the_accounts_sessions_and_the_audit_keeps_the_email()
    {
        var admin = await portal.UserAsync("admin@portal.example");
        Assert.True((await portal.InviteAsync(admin, "selina@wayne.example", Roles.Customer, await portal.TenantIdAsync("acme"))).Succeeded);
        var selina = await portal.UserIdAsync("selina@wayne.example");
        var session = await portal.UserAsync("selina@wayne.example");

        var moved = await portal.CallAsync<UserAdministration, AdminOutcome>(u => u.ChangeAsync(admin, selina, Roles.Customer, null));
        Assert.False(moved.Succeeded);
        moved = await portal.CallAsync<UserAdministration, AdminOutcome>(u => u.ChangeAsync(admin, selina, Roles.Support, null));
        Assert.True(moved.Succeeded, moved.Message);
        Assert.False(await portal.IsCurrentAsync(session));

        var staff = await portal.UserAsync("selina@wayne.example");
        Assert.True(staff.IsInRole(Roles.Support));
        Assert.True((await portal.CallAsync<UserAdministration, AdminOutcome>(u => u.SetLockedAsync(admin, selina, true))).Succeeded);
        Assert.False(await portal.IsCurrentAsync(staff));
        var rows = await portal.CallAsync<UserAdministration, IReadOnlyList<UserAdministration.UserRow>>(u => u.ListAsync(admin));
        Assert.Equal(UserAdministration.AccountState.Locked, rows.Single(r => r.Id == selina).State);

        Assert.True((await portal.CallAsync<UserAdministration, AdminOutcome>(u => u.DeleteAsync(admin, selina))).Succeeded);
        var deleted = await portal.LastAuditAsync(AuditActions.DeleteUser);
        Assert.Contains("selina@wayne.example", deleted!.Parameters, StringComparison.Ordinal);
        Assert.DoesNotContain(await portal.CallAsync<UserAdministration, IReadOnlyList<UserAdministration.UserRow>>(u => u.ListAsync(admin)), r => r.Id == selina);
    }

    /// <summary>Opens the link and submits the form on it, as the invitee's browser does.</summary>
    private static async Task<HttpResponseMessage> SetPasswordAsync(HttpClient client, string link, string password) =>
        await client.PostFormAsync(await client.GetPageAsync(PathOf(link)), new() { ["Input.Password"] = password, ["Input.Confirm"] = password });

    private static string PathOf(string link) => new Uri(link).PathAndQuery;
}
