using Microsoft.Playwright;

namespace Portal.Web.Tests.Browser;

/// <summary>Ops on the demo in Chromium: the dialogs as people use them, with no page load from start to end.</summary>
[Collection(BrowserTests.Name)]
public sealed class OpsJourneyTests(Chromium chromium)
{
    [Fact]
    public async Task An_ops_user_hot_plugs_a_disk_changes_memory_removes_the_disk_and_finds_it_all_in_the_audit_trail()
    {
        await using var browser = await SignedInBrowser.StartAsync(chromium, "ops@portal.example", 1400, 1000);
        var page = browser.Page;
        var vmId = await browser.Portal.Services.VmIdOfAsync("shop-db-01");
        await browser.GotoAsync($"/vms/{vmId}");
        await browser.SetMarkerAsync();

        await page.GetByTestId("add-disk").ClickAsync();
        var preview = page.GetByTestId("xml-preview");
        await Assertions.Expect(preview).ToContainTextAsync("<target dev=\"vdd\" bus=\"virtio\" />");

        // The io=native rule as you choose: a cache without direct I/O switches io to threads and says why.
        await page.SelectAsync("disk-cache", "writeback");
        await Assertions.Expect(page.GetByTestId("form-notice")).ToContainTextAsync("native AIO needs cache none or directsync");
        await Assertions.Expect(preview).ToContainTextAsync("io=\"threads\"");
        await page.SelectAsync("disk-cache", "none");
        await page.SelectAsync("disk-io", "native");
        await Assertions.Expect(page.GetByTestId("attach-dialog")).ToContainTextAsync("Linux native AIO");
        // A bus change proposes a target for that bus.
        await page.SelectAsync("disk-bus", "scsi");
        await Assertions.Expect(preview).ToContainTextAsync("<target dev=\"sda\" bus=\"scsi\" />");
        await page.SelectAsync("disk-bus", "virtio");
        await Assertions.Expect(preview).ToContainTextAsync("<target dev=\"vdd\" bus=\"virtio\" />");
        // Fields changed in quick succession, without waiting for any answer: all of them reach the XML.
        await page.Input("disk-serial").FillAsync("PW-DISK-1");
        await page.Input("disk-target").FillAsync("vde");
        await page.GetByTestId("disk-readonly").ClickAsync();
        await Assertions.Expect(preview).ToContainTextAsync("<serial>PW-DISK-1</serial>");
        await Assertions.Expect(preview).ToContainTextAsync("<target dev=\"vde\" bus=\"virtio\" />");
        await Assertions.Expect(preview).ToContainTextAsync("<readonly />");
        await Assertions.Expect(preview).ToContainTextAsync("io=\"native\"");
        await page.GetByTestId("disk-readonly").ClickAsync();
        await Assertions.Expect(preview).Not.ToContainTextAsync("<readonly />");
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("ops-add-disk-dialog.png") });

        await page.GetByTestId("attach-submit").ClickAsync();

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Disk vde is attached", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=vm-disks] tr[data-disk=vde]")).ToContainTextAsync("PW-DISK-1");
        await Assertions.Expect(page.GetByTestId("vm-changes")).ToContainTextAsync("Disk vde added");
        // The host's device event reaches the open page: the disk charts get their annotation without a reload.
        await Assertions.Expect(page.Locator("[data-chart=disk] .apexcharts-xaxis-annotations")).ToContainTextAsync("Disk added", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("ops-disk-added.png"), FullPage = true });

        // Memory within the maximum: the dialog says it is live before the click, the page's facts follow after.
        await page.GetByTestId("change-memory").ClickAsync();
        await page.Input("memory-size").FillAsync("12");
        await Assertions.Expect(page.Locator("[data-plan=live]")).ToBeVisibleAsync();
        await page.GetByTestId("memory-apply").ClickAsync();
        await Assertions.Expect(page.GetByTestId("vm-memory")).ToContainTextAsync("12 GiB", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("vm-changes")).ToContainTextAsync("Memory 8 GiB → 12 GiB (live)");

        // Removal: "waiting for the guest" while the host waits for the device-removed event, then gone from the list.
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove disk vde" }).ClickAsync();
        await page.GetByTestId("remove-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("remove-progress")).ToContainTextAsync("Waiting for the guest to release vde");
        await Assertions.Expect(page.Locator("[data-testid=vm-disks] tr[data-disk=vde]")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("vm-changes")).ToContainTextAsync("Disk vde removed");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
        var row = page.Locator("[data-testid=audit-table] tr").Filter(new() { Has = page.Locator("[data-action='disk.attach']") }).First;
        await Assertions.Expect(row).ToContainTextAsync("ops@portal.example");
        await Assertions.Expect(row).ToContainTextAsync("shop-db-01");
        await Assertions.Expect(row).ToContainTextAsync("succeeded");
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("ops-audit-trail.png"), FullPage = true });
        Assert.True(await browser.MarkerSurvivedAsync(), "nothing in the journey may reload the page");
    }
}
