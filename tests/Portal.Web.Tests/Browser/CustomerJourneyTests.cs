using Microsoft.Playwright;
using Portal.Simulator;

namespace Portal.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class CustomerJourneyTests(Chromium chromium) : IAsyncLifetime
{
    private SignedInBrowser _browser = default!;

    public async Task InitializeAsync() => _browser = await SignedInBrowser.StartAsync(chromium, "alice@acme.example");

    public Task DisposeAsync() => _browser.DisposeAsync().AsTask();

    [Fact]
    public async Task The_acme_customer_signs_in_sees_only_acme_vms_and_opens_shop_web_01()
    {
        var page = _browser.Page;
        var rows = page.Locator("[data-testid=vm-list] tr[data-vm]");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var shown = (await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.vm)")).Order().ToArray();
        var acme = DemoFleet.Vms.Where(v => v.Tenant == "acme").Select(v => v.Name).Order().ToArray();
        Assert.Equal(acme, shown);
        var body = await page.Locator("body").InnerTextAsync();
        Assert.All(DemoFleet.Vms.Where(v => v.Tenant != "acme"), other => Assert.DoesNotContain(other.Name, body, StringComparison.Ordinal));
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("customer-vm-list.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "shop-web-01" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("vm-name")).ToHaveTextAsync("shop-web-01");
        await Assertions.Expect(page.GetByTestId("vm-facts")).ToContainTextAsync("8 GiB");
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("customer-shop-web-01.png"), FullPage = true });
    }
}
