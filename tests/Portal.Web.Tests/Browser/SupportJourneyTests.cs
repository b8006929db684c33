using Microsoft.Playwright;
using Portal.Simulator;

namespace Portal.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class SupportJourneyTests(Chromium chromium)
{
    [Fact]
    public async Task Support_filters_the_fleet_opens_another_tenant_s_vm_and_searches_the_audit_trail_without_a_page_load()
    {
        await using var browser = await SignedInBrowser.StartAsync(chromium, "support@portal.example", 1400, 1000);
        var page = browser.Page;
        await browser.SetMarkerAsync();
        var links = page.Locator("[data-testid=vm-list] a[data-vm]");
        await Assertions.Expect(links).ToHaveCountAsync(DemoFleet.Vms.Count);

        await page.SelectAsync("vm-tenant-filter", "Globex Analytics");

        var globex = DemoFleet.Vms.Where(v => v.Tenant == "globex").Select(v => v.Name).Order().ToArray();
        await Assertions.Expect(links).ToHaveCountAsync(globex.Length);
        Assert.Equal(globex, (await links.EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.vm)")).Order());
        Assert.Contains("tenant=globex", page.Url, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "globex-db-01" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("vm-name")).ToHaveTextAsync("globex-db-01");
        await Assertions.Expect(page.GetByTestId("vm-facts")).ToContainTextAsync("node-");
        Assert.Equal(0, await page.GetByTestId("add-disk").CountAsync());
        Assert.Equal(0, await page.GetByTestId("change-memory").CountAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
        var incident = page.Locator("[data-testid=audit-table] tr").Filter(new() { Has = page.Locator("[data-action='memory.set']") }).First;
        await Assertions.Expect(incident).ToContainTextAsync("Memory 4 GiB → 8 GiB");
        await page.Input("audit-vm-filter").FillAsync("globex");
        await Assertions.Expect(page.GetByTestId("audit-empty")).ToBeVisibleAsync();
        await page.Input("audit-vm-filter").FillAsync("shop-web-01");
        await Assertions.Expect(incident).ToContainTextAsync("Memory 4 GiB → 8 GiB");
        await page.WaitForURLAsync("**/audit?vm=shop-web-01");
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("support-audit-trail.png"), FullPage = true });
        Assert.True(await browser.MarkerSurvivedAsync(), "support's journey must not reload the page");
    }
}
