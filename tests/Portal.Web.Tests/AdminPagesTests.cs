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
}
