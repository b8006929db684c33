using Microsoft.Playwright;
using Portal.Simulator;

namespace Portal.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class RestartTests(Chromium chromium)
{
    [Fact]
    public async Task A_page_open_while_the_portal_restarts_comes_back_by_itself_to_the_same_vm_and_range()
    {
        var data = Path.Combine(Path.GetTempPath(), "portal-restart-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            await RestartUnderOpenPageAsync(data);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }

    private async Task RestartUnderOpenPageAsync(string data)
    {
        var first = new LivePortal(port: 0, dataDirectory: data);
        var port = new Uri(first.Url).Port;
        await using var browser = await SignedInBrowser.StartAsync(chromium, "alice@acme.example", portal: first);
        // The lost connection is reported on the console while the portal is away: that is the point of this test.
        browser.Expect("WebSocket closed");
        browser.Expect("WebSocket connection to");
        browser.Expect("Failed to start the transport");
        browser.Expect("Connection disconnected");
        browser.Expect("net::ERR_CONNECTION_REFUSED");
        browser.Expect("Failed to fetch");
        browser.Expect("negotiation");
        browser.Expect("is not in the 'Connected' State");
        var page = browser.Page;
        var vmId = await first.Services.VmIdOfAsync(DemoIncident.VmName);
        await browser.GotoAsync($"/vms/{vmId}?range=7d");
        await page.Locator("[data-testid=charts][data-loaded=true]").WaitForAsync(new() { Timeout = 60_000 });
        await browser.SetMarkerAsync();

        await first.DisposeAsync();
        await Assertions.Expect(page.GetByTestId("reconnect-banner")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        browser.Replace(new LivePortal(port, data));

        // The old circuit is gone with the old process: the page loads itself again, at the same address.
        await page.WaitForFunctionAsync("() => window.__portalTestMarker === undefined", null, new() { Timeout = 120_000 });
        await browser.WaitForCircuitAsync(60_000);
        Assert.EndsWith($"/vms/{vmId}?range=7d", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("vm-name")).ToHaveTextAsync(DemoIncident.VmName);
        await Assertions.Expect(page.Locator("[data-testid=charts][data-loaded=true]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-range='7d'][aria-current=true]")).ToHaveCountAsync(1);
    }
}
