using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Features.Vms;

namespace Portal.Web.Tests.Components;

/// <summary>The VM page as each role gets it: ops controls are rendered only for those who may use them.</summary>
public class VmPageTests(PortalFactory portal) : PortalComponentTest(portal)
{
    private async Task<IRenderedComponent<VmPage>> RenderAsAsync(string email, string vmName)
    {
        await SignInAsync(email);
        var id = await VmIdAsync(vmName);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/vms/{id}?range=24h");
        var page = Render<VmPage>(p => p.Add(c => c.Id, id));
        page.WaitForAssertion(() => Assert.Equal(vmName, page.Find("[data-testid=vm-name]").TextContent));
        return page;
    }

    [Theory]
    [InlineData("alice@acme.example", false)]
    [InlineData("support@portal.example", false)]
    [InlineData("ops@portal.example", true)]
    [InlineData("admin@portal.example", true)]
    public async Task Ops_controls_are_rendered_for_ops_and_admins_only(string email, bool rendered)
    {
        var page = await RenderAsAsync(email, "shop-web-01");

        Assert.Equal(rendered, page.FindAll("[data-testid=add-disk]").Count == 1);
        Assert.Equal(rendered, page.FindAll("[data-testid=change-memory]").Count == 1);
        Assert.Equal(rendered, page.FindAll("[data-testid=vm-disks] button").Count > 0);
        // Giving the VM to another tenant is for admins.
        Assert.Equal(email == "admin@portal.example", page.FindAll("[data-testid=vm-assign]").Count == 1);
        // Hosts and disk sources are for staff.
        Assert.Equal(email != "alice@acme.example", page.Markup.Contains("node-a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_customer_s_page_of_another_tenant_s_vm_is_not_found()
    {
        await SignInAsync("alice@acme.example");
        var navigation = Services.GetRequiredService<NavigationManager>();
        var foreign = await VmIdAsync("globex-db-01");

        var page = Render<VmPage>(p => p.Add(c => c.Id, foreign));

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=vm-name]")));
        Assert.DoesNotContain("globex-db-01", page.Markup, StringComparison.Ordinal);
    }
}
