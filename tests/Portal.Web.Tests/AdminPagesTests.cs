using System.Net;

namespace Portal.Web.Tests;

public class AdminPagesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Admins_see_every_host_with_its_vm_count_and_status()
    {
        using var client = await portal.SignedInAsync("admin@portal.example");

        var page = await client.GetPageAsync("/admin/hosts");

        var rows = page.QuerySelectorAll("[data-testid=hosts] tbody tr").ToDictionary(r => r.GetAttribute("data-host")!, r => r.TextContent);
        Assert.Equal(["node-a", "node-b", "node-c"], rows.Keys.Order());
        Assert.All(rows.Values, text => Assert.Contains("OK", text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("alice@acme.example")]
    [InlineData("support@portal.example")]
    [InlineData("ops@portal.example")]
    public async Task Other_roles_are_refused(string email)
    {
        using var client = await portal.SignedInAsync(email);

        using var response = await client.GetAsync(new Uri("/admin/hosts", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData("support@portal.example", true)]
    [InlineData("ops@portal.example", true)]
    [InlineData("admin@portal.example", true)]
    [InlineData("alice@acme.example", false)]
    public async Task The_audit_trail_is_for_staff_and_filters_by_tenant_vm_user_action_and_time(string email, bool allowed)
    {
        using var client = await portal.SignedInAsync(email);

        using var response = await client.GetAsync(new Uri("/audit", UriKind.Relative));

        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Redirect, response.StatusCode);
        if (!allowed) return;
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var all = await client.GetPageAsync("/audit");
        var incident = all.QuerySelector("[data-testid=audit-table] tr[data-action='memory.set']")!.TextContent;
        Assert.Contains("shop-web-01", incident, StringComparison.Ordinal);
        Assert.Contains("ops@portal.example", incident, StringComparison.Ordinal);
        Assert.Contains("Memory 4 GiB → 8 GiB", incident, StringComparison.Ordinal);
        foreach (var filter in new[] { "tenant=acme", "vm=WEB-01", "user=OPS@", "action=memory.set", "outcome=Succeeded", "from=2000-01-01&to=" + today })
            Assert.NotNull((await client.GetPageAsync("/audit?" + filter)).QuerySelector("[data-testid=audit-table] tr[data-action='memory.set']"));
        foreach (var filter in new[] { "tenant=globex", "vm=nothing-like-it", "user=alice", "action=disk.attach", "outcome=Failed", "to=2000-01-01" })
            Assert.NotNull((await client.GetPageAsync("/audit?" + filter)).QuerySelector("[data-testid=audit-empty]"));
        Assert.Contains("Dates are written", (await client.GetPageAsync("/audit?from=yesterday")).Body!.TextContent, StringComparison.Ordinal);
    }
}
