using System.Net;
using Portal.Simulator;
using Portal.Web.Features.Triage;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.Triage;

/// <summary>The triage pages' authorization, enforced on the server: what the first (prerendered) answer holds.</summary>
public class TriagePagesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly string At = TriageRequest.Iso(DemoIncident.TwoDaysBefore(DateTime.UtcNow).NetworkFalls);

    [Fact]
    public async Task A_customer_triages_their_own_vm_another_tenant_s_is_not_found_and_the_support_page_is_refused()
    {
        using var alice = await portal.SignedInAsync("alice@acme.example");

        var own = await alice.GetPageAsync($"/vms/{await portal.Services.VmIdAsync(DemoIncident.VmName)}/triage?at={At}");
        using var foreign = await alice.GetAsync(new Uri($"/vms/{await portal.Services.VmIdAsync("globex-db-01")}/triage?at={At}", UriKind.Relative));
        using var support = await alice.GetAsync(new Uri($"/triage?host=node-a&at={At}", UriKind.Relative));

        Assert.Equal("Out of memory", own.QuerySelector("[data-testid=finding]")?.GetAttribute("data-title"));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.DoesNotContain("globex-db-01", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, support.StatusCode);
        Assert.Equal("/account/denied", support.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Support_starts_from_a_host_or_a_tenant_and_the_vm_that_changed_most_comes_first()
    {
        using var support = await portal.SignedInAsync("support@portal.example");

        var host = await support.GetPageAsync($"/triage?host=node-a&at={At}");
        var tenant = await support.GetPageAsync($"/triage?tenant=acme&at={At}");
        var nowhere = await support.GetPageAsync($"/triage?host=node-z&at={At}");

        foreach (var page in new[] { host, tenant })
        {
            var first = page.QuerySelector("[data-testid=fleet-ranking] tbody tr")!;
            Assert.Equal(DemoIncident.VmName, first.GetAttribute("data-vm"));
            Assert.Contains("Out of memory", first.TextContent, StringComparison.Ordinal);
        }
        Assert.Equal(DemoFleet.OnHost("node-a").Count(), host.QuerySelectorAll("[data-testid=fleet-ranking] tbody tr").Length);
        Assert.Equal(DemoFleet.Vms.Count(v => v.Tenant == "acme"), tenant.QuerySelectorAll("[data-testid=fleet-ranking] tbody tr").Length);
        Assert.NotNull(nowhere.QuerySelector("[data-testid=triage-unknown]"));
    }
}
