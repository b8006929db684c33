namespace Portal.Web.Tests;

/// <summary>Hosts from configuration, through the real libvirt driver (its built-in test driver needs no daemon).</summary>
public class ConfiguredHostsTests
{
    [Fact]
    public async Task A_configured_libvirt_host_is_registered_inventoried_and_shown_to_staff()
    {
        await using var portal = new PortalFactory
        {
            Settings = new Dictionary<string, string>
            {
                ["Portal:Hosts:0:Name"] = "lab-1",
                ["Portal:Hosts:0:Uri"] = "test:///default",
                ["Portal:Hosts:1:Name"] = "lab-down",
                ["Portal:Hosts:1:Uri"] = "qemu+unix:///system?socket=/run/portal-test-no-such.sock",
            },
        };
        using var admin = await portal.SignedInAsync("admin@portal.example");
        using var customer = await portal.SignedInAsync("alice@acme.example");

        var hosts = (await admin.GetPageAsync("/admin/hosts")).QuerySelectorAll("[data-testid=hosts] tbody tr")
            .ToDictionary(r => r.QuerySelector("[data-host]")!.GetAttribute("data-host")!, r => r.TextContent);
        var staffSees = await admin.VisibleVmNamesAsync("/vms?host=lab-1");
        var customerSees = await customer.VisibleVmNamesAsync();

        Assert.Contains("OK", hosts["lab-1"], StringComparison.Ordinal);
        Assert.Contains("Failing", hosts["lab-down"], StringComparison.Ordinal);
        Assert.Contains("portal-test-no-such.sock", hosts["lab-down"], StringComparison.Ordinal);
        Assert.Equal(["test"], staffSees);
        Assert.DoesNotContain("test", customerSees); // untagged VMs belong to no tenant
    }
}
