using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Data.Identity;
using Portal.Web.Features.Admin;
using Portal.Web.Security;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.Admin;

public class TenantAdministrationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task An_admin_creates_a_tenant_that_is_listed_with_its_counts()
    {
        var admin = await portal.UserAsync("admin@portal.example");

        var outcome = await portal.CreateTenantAsync(admin, "  Umbrella Corp ", "umbrella");

        Assert.True(outcome.Succeeded, outcome.Message);
        var rows = await portal.CallAsync<TenantAdministration, IReadOnlyList<TenantAdministration.TenantRow>>(t => t.ListAsync(admin));
        var umbrella = Assert.Single(rows, r => r.Slug == "umbrella");
        Assert.Equal(("Umbrella Corp", 0, 0, false), (umbrella.Name, umbrella.Vms, umbrella.Users, umbrella.Disabled));
        Assert.Contains(rows, r => r.Slug == "acme" && r.Vms > 0 && r.Users > 0);
        Assert.Equal(AuditOutcome.Succeeded, (await portal.LastAuditAsync(AuditActions.CreateTenant))!.Outcome);
    }

    [Theory]
    [InlineData("Acme again", "acme", "exists already")]
    [InlineData("", "empty-name", "needs a name")]
    [InlineData("Bad slug", "Not A Slug!", "lowercase letters")]
    [InlineData("Bad\u0000name", "nul-name", "control characters")]
    public async Task A_bad_tenant_is_refused_with_a_message_audited_and_nothing_created(string name, string slug, string message)
    {
        var admin = await portal.UserAsync("admin@portal.example");
        var before = await portal.TenancySnapshotAsync();

        var outcome = await portal.CreateTenantAsync(admin, name, slug);

        Assert.False(outcome.Succeeded);
        Assert.Contains(message, outcome.Message, StringComparison.Ordinal);
        Assert.Equal(before, await portal.TenancySnapshotAsync());
        var entry = await portal.LastAuditAsync(AuditActions.CreateTenant);
        Assert.Equal((AuditOutcome.Refused, outcome.Message), (entry!.Outcome, entry.Error));
    }

    [Fact]
    public async Task An_oversized_name_is_refused_and_the_audit_row_holds_at_most_the_cap()
    {
        var admin = await portal.UserAsync("admin@portal.example");

        var outcome = await portal.CreateTenantAsync(admin, new string('x', 100_000), "huge");

        Assert.False(outcome.Succeeded);
        var entry = await portal.LastAuditAsync(AuditActions.CreateTenant);
        using var parameters = System.Text.Json.JsonDocument.Parse(entry!.Parameters);
        var stored = parameters.RootElement.GetProperty("name").GetString()!;
        Assert.True(stored.Length <= AdminAudit.MaxText, $"{stored.Length} characters stored");
    }

    [Fact]
    public async Task Disabling_a_tenant_ends_its_customers_sessions_and_sign_ins_until_it_is_enabled()
    {
        var admin = await portal.UserAsync("admin@portal.example");
        var gus = await portal.UserAsync("gus@globex.example");
        var globex = await portal.TenantIdAsync("globex");

        var disabled = await portal.CallAsync<TenantAdministration, AdminOutcome>(t => t.SetDisabledAsync(admin, globex, true));
        try
        {
            Assert.True(disabled.Succeeded, disabled.Message);
            Assert.False(await portal.IsCurrentAsync(gus), "the open session still passes the minute's check");
            using var client = portal.NewClient();
            using var refused = await client.SignInAsync("gus@globex.example");
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            // Other tenants' customers are not affected.
            using var alice = await portal.SignedInAsync("alice@acme.example");
        }
        finally
        {
            var enabled = await portal.CallAsync<TenantAdministration, AdminOutcome>(t => t.SetDisabledAsync(admin, globex, false));
            Assert.True(enabled.Succeeded, enabled.Message);
        }
        using var again = await portal.SignedInAsync("gus@globex.example");
        Assert.Equal(AuditOutcome.Succeeded, (await portal.LastAuditAsync(AuditActions.EnableTenant))!.Outcome);
    }

    [Fact]
    public async Task A_tenant_is_renamed_but_never_to_nothing()
    {
        var admin = await portal.UserAsync("admin@portal.example");
        Assert.True((await portal.CreateTenantAsync(admin, "Hooli", "hooli")).Succeeded);
        var hooli = await portal.TenantIdAsync("hooli");

        var renamed = await portal.CallAsync<TenantAdministration, AdminOutcome>(t => t.RenameAsync(admin, hooli, "Hooli XYZ"));
        var emptied = await portal.CallAsync<TenantAdministration, AdminOutcome>(t => t.RenameAsync(admin, hooli, "   "));

        Assert.True(renamed.Succeeded);
        Assert.False(emptied.Succeeded);
        var rows = await portal.CallAsync<TenantAdministration, IReadOnlyList<TenantAdministration.TenantRow>>(t => t.ListAsync(admin));
        Assert.Equal("Hooli XYZ", rows.Single(r => r.Slug == "hooli").Name);
    }
}
