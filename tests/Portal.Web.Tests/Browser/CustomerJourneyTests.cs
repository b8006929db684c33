using Microsoft.Playwright;
using Portal.Simulator;

namespace Portal.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class CustomerJourneyTests(Chromium chromium)
{
    [Fact]
    public async Task The_acme_customer_signs_in_sees_only_acme_vms_and_opens_shop_web_01_without_a_page_load()
    {
        await using var browser = await SignedInBrowser.StartAsync(chromium, "alice@acme.example");
        var page = browser.Page;
        await browser.SetMarkerAsync();
        var acme = DemoFleet.Vms.Where(v => v.Tenant == "acme").Select(v => v.Name).Order().ToArray();
        var links = page.Locator("[data-testid=vm-list] a[data-vm]");
        await Assertions.Expect(links).ToHaveCountAsync(acme.Length);
        var shown = (await links.EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.vm)")).Order().ToArray();
        Assert.Equal(acme, shown);
        var body = await page.Locator("body").InnerTextAsync();
        Assert.All(DemoFleet.Vms.Where(v => v.Tenant != "acme"), other => Assert.DoesNotContain(other.Name, body, StringComparison.Ordinal));
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("customer-vm-list.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "shop-web-01" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("vm-name")).ToHaveTextAsync("shop-web-01");
        await Assertions.Expect(page.GetByTestId("vm-facts")).ToContainTextAsync("8 GiB");
        await Assertions.Expect(page.Locator("[data-testid=charts][data-loaded=true]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        Assert.True(await browser.MarkerSurvivedAsync(), "opening a VM must not reload the page");
        // No ops controls for a customer, and no audit trail.
        Assert.Equal(0, await page.GetByTestId("add-disk").CountAsync());
        Assert.Equal(0, await page.GetByTestId("change-memory").CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Remove" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).CountAsync());
        await Assertions.Expect(page.GetByTestId("vm-changes")).ToContainTextAsync("Memory 4 GiB → 8 GiB");
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("customer-shop-web-01.png"), FullPage = true });

        await page.GotoAsync("/audit");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
    }
}
