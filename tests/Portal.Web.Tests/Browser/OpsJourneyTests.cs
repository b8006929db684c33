using Microsoft.Playwright;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.Browser;

/// <summary>Ops and a customer on the demo in Chromium: the dialogs as people use them, and what a customer cannot do.</summary>
[Collection(BrowserTests.Name)]
public sealed class OpsJourneyTests(Chromium chromium)
{
    [Fact]
    public async Task An_ops_user_hot_plugs_a_disk_through_the_dialog_and_finds_it_in_the_list_the_audit_trail_and_the_charts()
    {
        await using var browser = await SignedInBrowser.StartAsync(chromium, "ops@portal.example", 1400, 1000);
        var page = browser.Page;
        var vmId = await browser.Portal.Services.VmIdAsync("shop-db-01");
        await page.GotoAsync($"/vms/{vmId}");

        await page.GetByTestId("add-disk").ClickAsync();
        var dialog = page.Locator("#ops-dialog");
        await Assertions.Expect(dialog.GetByTestId("attach-form")).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByTestId("xml-preview")).ToContainTextAsync("<target dev=\"vdd\" bus=\"virtio\" />");

        // The io=native rule as you choose: a cache without direct I/O switches io to threads and says why.
        await dialog.GetByLabel("Cache").SelectOptionAsync("writeback");
        await Assertions.Expect(dialog.GetByTestId("form-notice")).ToContainTextAsync("native AIO needs cache none or directsync");
        await Assertions.Expect(dialog.GetByLabel("io", new() { Exact = true })).ToHaveValueAsync("threads");
        await Assertions.Expect(dialog.Locator("#io option[value=native]")).ToBeDisabledAsync();
        // Each change is answered by a new form from the server: wait for it before the next change.
        await dialog.GetByLabel("Cache").SelectOptionAsync("none");
        await Assertions.Expect(dialog.Locator("#io option[value=native]")).ToBeEnabledAsync();
        await dialog.GetByLabel("io", new() { Exact = true }).SelectOptionAsync("native");
        await Assertions.Expect(dialog.Locator("#io-help")).ToContainTextAsync("Linux native AIO");
        // A bus change proposes a target for that bus.
        await dialog.GetByLabel("Bus").SelectOptionAsync("scsi");
        await Assertions.Expect(dialog.GetByLabel("Target")).ToHaveValueAsync("sda");
        await dialog.GetByLabel("Bus").SelectOptionAsync("virtio");
        await Assertions.Expect(dialog.GetByLabel("Target")).ToHaveValueAsync("vdd");
        await Assertions.Expect(dialog.GetByTestId("xml-preview")).ToContainTextAsync("io=\"native\"");
        await dialog.GetByLabel("Serial").FillAsync("PW-DISK-1");
        await dialog.GetByLabel("Serial").PressAsync("Tab");
        await Assertions.Expect(dialog.GetByTestId("xml-preview")).ToContainTextAsync("<serial>PW-DISK-1</serial>");
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("ops-add-disk-dialog.png") });

        await dialog.GetByTestId("attach-submit").ClickAsync();

        await Assertions.Expect(dialog.GetByTestId("operation-result")).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 30_000 });
        await Assertions.Expect(dialog.GetByTestId("operation-result")).ToContainTextAsync("Disk vdd is attached");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).Last.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=vm-disks] tr[data-disk=vdd]")).ToContainTextAsync("PW-DISK-1");
        await Assertions.Expect(page.GetByTestId("vm-changes")).ToContainTextAsync("Disk vdd added");
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("ops-disk-added.png"), FullPage = true });

        // Memory within the maximum: the dialog says it is live before the click, the page's facts follow after.
        await page.GetByTestId("change-memory").ClickAsync();
        await dialog.GetByLabel("New size").FillAsync("12");
        await Assertions.Expect(dialog.Locator("[data-plan=live]")).ToBeVisibleAsync();
        await dialog.GetByTestId("memory-apply").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("operation-result")).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 30_000 });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).Last.ClickAsync();
        await Assertions.Expect(page.GetByTestId("vm-memory")).ToContainTextAsync("12 GiB");
        await Assertions.Expect(page.GetByTestId("vm-changes")).ToContainTextAsync("Memory 8 GiB → 12 GiB (live)");

        // The annotation: reload so the charts fetch their events again.
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => window.vmCharts && window.vmCharts.payload && window.vmCharts.payload.events.some(e => e.kind === 'diskAdded')",
            null, new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#chart-disk .apexcharts-xaxis-annotations")).ToContainTextAsync("Disk added", new() { Timeout = 30_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
        var row = page.Locator("[data-testid=audit-table] tr[data-action='disk.attach']").First;
        await Assertions.Expect(row).ToContainTextAsync("ops@portal.example");
        await Assertions.Expect(row).ToContainTextAsync("shop-db-01");
        await Assertions.Expect(row).ToContainTextAsync("succeeded");
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("ops-audit-trail.png"), FullPage = true });
    }

    [Fact]
    public async Task A_customer_sees_no_ops_controls_and_a_crafted_post_is_refused_and_recorded()
    {
        await using var browser = await SignedInBrowser.StartAsync(chromium, "alice@acme.example");
        var page = browser.Page;
        var vmId = await browser.Portal.Services.VmIdAsync("shop-web-01");
        await page.GotoAsync($"/vms/{vmId}");
        await Assertions.Expect(page.GetByTestId("vm-disks")).ToBeVisibleAsync();

        Assert.Equal(0, await page.GetByTestId("add-disk").CountAsync());
        Assert.Equal(0, await page.GetByTestId("change-memory").CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Remove" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).CountAsync());
        await Assertions.Expect(page.GetByTestId("vm-changes")).ToContainTextAsync("Memory 4 GiB → 8 GiB");

        // What someone could do from the browser's console: a well-formed post with the page's own token.
        var status = await page.EvaluateAsync<int>(@"async (url) => {
            const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRF-TOKEN'];
            const body = new URLSearchParams({ operation: crypto.randomUUID(), size: '64', unit: 'GiB', apply: 'restart-now' });
            const response = await fetch(url, { method: 'POST', body, headers: { 'X-CSRF-TOKEN': token, 'HX-Request': 'true' } });
            return response.status;
        }", $"/vms/{vmId}/ops/memory");

        Assert.Equal(403, status);
        var entry = (await browser.Portal.Services.AuditAsync(vmId))[^1];
        Assert.Equal(("alice@acme.example", Portal.Core.Audit.AuditOutcome.Refused), (entry.UserName, entry.Outcome));
        await page.GotoAsync("/audit");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
    }
}
