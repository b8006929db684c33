using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Simulator;

namespace Portal.Web.Tests;

public class VmAccessTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/vms")]
    [InlineData("/vms/1")]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string url)
    {
        using var client = portal.NewClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(url), response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice@acme.example", "acme")]
    [InlineData("gus@globex.example", "globex")]
    [InlineData("support@portal.example", null)]
    [InlineData("ops@portal.example", null)]
    [InlineData("admin@portal.example", null)]
    public async Task Each_role_sees_exactly_the_vms_it_may(string email, string? tenant)
    {
        using var client = await portal.SignedInAsync(email);

        var names = await client.VisibleVmNamesAsync();

        var expected = DemoFleet.Vms.Where(v => tenant is null || v.Tenant == tenant).Select(v => v.Name).Order();
        Assert.Equal(expected, names);
    }

    [Fact]
    public async Task A_customer_cannot_widen_the_list_with_a_tenant_filter()
    {
        using var client = await portal.SignedInAsync("alice@acme.example");

        var names = await client.VisibleVmNamesAsync("/vms?tenant=globex&host=node-b");

        Assert.Equal(DemoFleet.Vms.Where(v => v.Tenant == "acme").Select(v => v.Name).Order(), names);
    }

    [Fact]
    public async Task Staff_can_filter_by_tenant_host_and_name()
    {
        using var client = await portal.SignedInAsync("support@portal.example");

        Assert.Equal(["globex-api-01", "globex-db-01", "globex-etl-01"], await client.VisibleVmNamesAsync("/vms?tenant=globex&host=node-b"));
        Assert.Equal(["shop-web-01", "shop-web-02"], await client.VisibleVmNamesAsync("/vms?q=WEB"));
    }

    [Fact]
    public async Task A_vm_of_another_tenant_is_not_found_for_a_customer()
    {
        var (own, foreign) = (await VmIdAsync("shop-web-01"), await VmIdAsync("globex-db-01"));
        using var client = await portal.SignedInAsync("alice@acme.example");

        using var ownPage = await client.GetAsync(new Uri($"/vms/{own}", UriKind.Relative));
        using var foreignPage = await client.GetAsync(new Uri($"/vms/{foreign}", UriKind.Relative));
        using var missingPage = await client.GetAsync(new Uri("/vms/999999", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ownPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingPage.StatusCode);
        // The same answer for "someone else's" and "does not exist": nothing leaks.
        Assert.DoesNotContain("globex-db-01", await foreignPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_vm_page_shows_the_facts_and_devices()
    {
        var id = await VmIdAsync("shop-web-01");
        using var client = await portal.SignedInAsync("alice@acme.example");

        var page = await client.GetPageAsync($"/vms/{id}");

        Assert.Equal("shop-web-01", page.QuerySelector("[data-testid=vm-name]")!.TextContent);
        var facts = page.QuerySelector("[data-testid=vm-facts]")!.TextContent;
        Assert.Contains("8 GiB", facts, StringComparison.Ordinal); // raised from 4 GiB after the demo incident
        Assert.Contains("Acme Shop", facts, StringComparison.Ordinal);
        Assert.DoesNotContain("node-a", page.Body!.TextContent, StringComparison.Ordinal); // hosts are staff knowledge
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=vm-disks] tbody tr").Length);
        Assert.Single(page.QuerySelectorAll("[data-testid=vm-nics] tbody tr"));
    }

    [Fact]
    public async Task Staff_see_the_host_of_a_vm()
    {
        var id = await VmIdAsync("globex-db-01");
        using var client = await portal.SignedInAsync("support@portal.example");

        var page = await client.GetPageAsync($"/vms/{id}");

        Assert.Contains("node-b", page.QuerySelector("[data-testid=vm-facts]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stylesheets_and_the_health_check_need_no_sign_in()
    {
        using var client = portal.NewClient();

        using var css = await client.GetAsync(new Uri("/_content/MudBlazor/MudBlazor.min.css", UriKind.Relative));
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private async Task<int> VmIdAsync(string name)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Vms.Where(v => v.Name == name).Select(v => v.Id).SingleAsync();
    }
}
