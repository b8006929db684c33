using System.Net;

namespace Portal.Web.Tests;

public class AdminPagesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Admins_see_every_host_with_its_vm_count_and_status()
    {
        using var client = await portal.SignedInAsync("admin@portal.example");

        var page = await client.GetPageAsync("/admin/hosts");

        var rows = page.QuerySelectorAll("[data-testid=hosts] tbody tr").ToDictionary(r => r.QuerySelector("[data-host]")!.GetAttribute("data-host")!, r => r.TextContent);
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
    public async Task The_audit_trail_is_for_staff(string email, bool allowed)
    {
        // Its filters, sorting and paging are tested on the component (Components/GridTests).
        using var client = await portal.SignedInAsync(email);

        using var response = await client.GetAsync(new Uri("/audit", UriKind.Relative));

        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Redirect, response.StatusCode);
        if (allowed) Assert.Contains("data-testid=\"audit-table\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        else Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task The_circuit_s_hub_accepts_only_the_portal_s_own_pages()
    {
        using var client = await portal.SignedInAsync("alice@acme.example");

        using var foreign = new HttpRequestMessage(HttpMethod.Post, new Uri("/_blazor/negotiate?negotiateVersion=1", UriKind.Relative));
        foreign.Headers.Add("Origin", "https://evil.example");
        using var own = new HttpRequestMessage(HttpMethod.Post, new Uri("/_blazor/negotiate?negotiateVersion=1", UriKind.Relative));
        own.Headers.Add("Origin", "https://localhost");

        using var refused = await client.SendAsync(foreign);
        using var accepted = await client.SendAsync(own);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }
}
