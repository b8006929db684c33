using System.Net;
using System.Security.Claims;
using Portal.Core.Audit;
using Portal.Core.Tenancy;
using Portal.Web.Features.Admin;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.Admin;

/// <summary>
/// Every admin page and every action behind the admin pages' buttons, for anonymous visitors and each role: only
/// admins get through, everyone else is refused on the server with nothing changed and the attempt audited.
/// </summary>
public class AdminAuthorizationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    public static readonly TheoryData<string> Pages = new() { "/admin/tenants", "/admin/users", "/admin/hosts" };

    public static readonly TheoryData<string, string> PagesByRole = Matrix();

    private static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in new[] { "/admin/tenants", "/admin/users", "/admin/hosts" })
            foreach (var email in new[] { "alice@acme.example", "support@portal.example", "ops@portal.example", "admin@portal.example" })
                data.Add(page, email);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string page)
    {
        using var client = portal.NewClient();

        using var response = await client.GetAsync(new Uri(page, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [MemberData(nameof(PagesByRole))]
    public async Task Only_admins_open_the_admin_pages(string page, string email)
    {
        using var client = await portal.SignedInAsync(email);

        using var response = await client.GetAsync(new Uri(page, UriKind.Relative));

        if (email == "admin@portal.example")
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData("alice@acme.example")]
    [InlineData("support@portal.example")]
    [InlineData("ops@portal.example")]
    public async Task Every_admin_action_is_refused_to_other_roles_audited_and_changes_nothing(string email)
    {
        var user = await portal.UserAsync(email);
        var acme = await portal.TenantIdAsync("acme");
        var target = await portal.UserIdAsync("gus@globex.example");
        var vm = await portal.Services.VmIdAsync("shop-db-01");
        var before = await portal.TenancySnapshotAsync();
        var auditBefore = await portal.AuditCountAsync();

        var outcomes = new List<AdminOutcome>
        {
            await portal.CreateTenantAsync(user, "Evil", "evil"),
            await Tenants(t => t.RenameAsync(user, acme, "Evil")),
            await Tenants(t => t.SetDisabledAsync(user, acme, true)),
            await portal.InviteAsync(user, "evil@evil.example", Roles.Admin, null),
            await Users(u => u.ChangeAsync(user, target, Roles.Admin, null)),
            await Users(u => u.SetLockedAsync(user, target, true)),
            await Users(u => u.SendPasswordResetAsync(user, target, AdminCalls.PortalUri)),
            await Users(u => u.ResetTwoFactorAsync(user, target)),
            await Users(u => u.DeleteAsync(user, target)),
        };
        var assigned = await portal.AssignAsync(user, await portal.TenantIdAsync("globex"), vm);

        Assert.All(outcomes, o => Assert.Equal((false, AdminAudit.NotAllowed), (o.Succeeded, o.Message)));
        Assert.All(outcomes, o => Assert.Null(o.Link));
        Assert.False(Assert.Single(assigned).Succeeded);
        Assert.Equal(before, await portal.TenancySnapshotAsync());
        Assert.Equal(auditBefore + outcomes.Count + 1, await portal.AuditCountAsync());
        Assert.Equal((AuditOutcome.Refused, email), ((await portal.LastAuditAsync(AuditActions.AssignVm))!.Outcome, (await portal.LastAuditAsync(AuditActions.AssignVm))!.UserName));
        Assert.Empty(await Tenants<IReadOnlyList<TenantAdministration.TenantRow>>(t => t.ListAsync(user)));
        Assert.Empty(await Users<IReadOnlyList<UserAdministration.UserRow>>(u => u.ListAsync(user)));
    }

    private Task<AdminOutcome> Tenants(Func<TenantAdministration, Task<AdminOutcome>> call) => portal.CallAsync(call);
    private Task<T> Tenants<T>(Func<TenantAdministration, Task<T>> call) => portal.CallAsync(call);
    private Task<AdminOutcome> Users(Func<UserAdministration, Task<AdminOutcome>> call) => portal.CallAsync(call);
    private Task<T> Users<T>(Func<UserAdministration, Task<T>> call) => portal.CallAsync(call);
}
