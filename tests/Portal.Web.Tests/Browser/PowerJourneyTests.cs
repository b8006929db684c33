using Microsoft.Playwright;

namespace Portal.Web.Tests.Browser;

/// <summary>A customer powers their own VM from its page in Chromium, and the page follows the host with no reload.</summary>
[Collection(BrowserTests.Name)]
public sealed class PowerJourneyTests(Chromium chromium)
{
    private static readonly LocatorAssertionsToContainTextOptions HostTime = new() { Timeout = 60_000 };

    [Fact]
    public async Task A_customer_reboots_then_shuts_down_and_starts_their_vm_and_sees_each_change_without_a_reload()
    {
        await using var browser = await SignedInBrowser.StartAsync(chromium, "alice@acme.example", 1400, 1000);
        var page = browser.Page;
        var vmId = await browser.Portal.Services.VmIdOfAsync("shop-web-01");
        await browser.GotoAsync($"/vms/{vmId}");
        await Assertions.Expect(page.Locator("[data-testid=charts][data-loaded=true]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await browser.SetMarkerAsync();
        var state = page.Locator("[data-testid=vm-state] [data-state]");
        var last = page.GetByTestId("vm-last-power");

        // A running VM: start is not offered.
        await Assertions.Expect(page.GetByTestId("power-start")).ToBeDisabledAsync();
        await page.GetByTestId("power-reboot").ClickAsync();
        await Assertions.Expect(page.GetByTestId("power-title")).ToContainTextAsync("Reboot shop-web-01?");
        await page.GetByTestId("power-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("power-progress")).ToContainTextAsync("Waiting for the guest to restart");
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("power-reboot-waiting.png") });

        // The host's reboot event reaches the open page: who did it, in the facts and on the charts.
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("shop-web-01 rebooted", HostTime);
        await Assertions.Expect(last).ToContainTextAsync("Rebooted", HostTime);
        await Assertions.Expect(last).ToContainTextAsync("by you");
        await Assertions.Expect(page.Locator("[data-chart=cpu] .apexcharts-xaxis-annotations")).ToContainTextAsync("Restarted by you", HostTime);
        await Assertions.Expect(page.GetByTestId("vm-changes")).ToContainTextAsync("Rebooted");
        await Assertions.Expect(state).ToHaveAttributeAsync("data-state", "Running");

        // A shutdown: the state turns to shut off, then a start brings it back.
        await page.GetByTestId("power-shutdown").ClickAsync();
        await Assertions.Expect(page.GetByTestId("power-title")).ToContainTextAsync("Shut down shop-web-01?");
        await page.GetByTestId("power-confirm").ClickAsync();
        await Assertions.Expect(state).ToHaveAttributeAsync("data-state", "ShutOff", new() { Timeout = 60_000 });
        await Assertions.Expect(last).ToContainTextAsync("Stopped", HostTime);
        await Assertions.Expect(page.GetByTestId("power-reboot")).ToBeDisabledAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("power-shut-off.png"), FullPage = true });

        await page.GetByTestId("power-start").ClickAsync();
        await page.GetByTestId("power-confirm").ClickAsync();
        await Assertions.Expect(state).ToHaveAttributeAsync("data-state", "Running", new() { Timeout = 60_000 });
        await Assertions.Expect(last).ToContainTextAsync("Started", HostTime);
        await Assertions.Expect(last).ToContainTextAsync("by you");

        Assert.True(await browser.MarkerSurvivedAsync(), "nothing in the journey may reload the page");
    }
}
