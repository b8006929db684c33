using Microsoft.Playwright;
using Portal.Core.Metrics;
using Portal.Web.Features.Vms.Metrics;
using Portal.Web.Security;
using Portal.Web.Tests.Admin;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.Browser;

/// <summary>
/// An admin onboards a customer in Chromium: a tenant, an invitation read from a real SMTP server, the customer's
/// first sign-in, a VM given to them and taken away again, as each person sees it, without reloads.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class OnboardingJourneyTests(Chromium chromium)
{
    private const string CarolPassword = "Carol-umbrella-2026!";

    [Fact]
    public async Task An_admin_onboards_a_customer_who_sees_a_vm_only_while_their_tenant_owns_it()
    {
        await using var mail = await TestMailServer.StartAsync();
        await using var admin = await SignedInBrowser.StartAsync(chromium, "admin@portal.example", 1400, 1000, new LivePortal(settings: mail.Settings));
        var page = admin.Page;

        // A tenant: the slug follows the name.
        await admin.GotoAsync("/admin/tenants");
        await page.Input("tenant-name").FillAsync("Umbrella");
        await Assertions.Expect(page.Input("tenant-slug")).ToHaveValueAsync("umbrella");
        await page.GetByTestId("tenant-create-submit").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=tenants] [data-tenant=umbrella]")).ToHaveTextAsync("Umbrella");

        // An invitation by mail.
        await admin.GotoAsync("/admin/users");
        await page.GetByTestId("user-invite").ClickAsync();
        await page.Input("user-email").FillAsync("carol@umbrella.example");
        await page.SelectAsync("user-tenant", "Umbrella (umbrella)");
        await page.GetByTestId("user-submit").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=users] [data-user='carol@umbrella.example']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=users] tr", new() { HasText = "carol@umbrella.example" })).ToContainTextAsync("Invited");
        var link = TestMailServer.LinkIn(await mail.NextAsync());
        Assert.StartsWith(admin.Portal.Url, link, StringComparison.Ordinal);

        // The customer follows the link, sets a password, signs in: no VMs yet.
        await using var carol = await admin.OtherPersonAsync(chromium);
        await carol.Page.GotoAsync(link);
        await carol.Page.GetByLabel("New password").FillAsync(CarolPassword);
        await carol.Page.GetByLabel("Repeat it").FillAsync(CarolPassword);
        await carol.Page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Assertions.Expect(carol.Page.GetByTestId("password-set")).ToBeVisibleAsync();
        await carol.Page.GotoAsync("/");
        await carol.SignInAsync("carol@umbrella.example", CarolPassword);
        await carol.Page.WaitForURLAsync("**/");
        await carol.WaitForCircuitAsync();
        await Assertions.Expect(carol.Page.GetByTestId("vm-list-empty")).ToBeVisibleAsync();

        // The admin gives her a VM from its page.
        var vmId = await admin.Portal.Services.VmIdOfAsync("shop-cache-01");
        await AssignAsync(admin, vmId, "Umbrella (umbrella)");
        await Assertions.Expect(page.GetByTestId("vm-tenant")).ToHaveTextAsync("Umbrella");

        // Her open list shows it without a reload; its page has charts.
        await Assertions.Expect(carol.Page.Locator("[data-vm='shop-cache-01']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await carol.GotoAsync($"/vms/{vmId}");
        // Nothing of the VM's history is hers yet: the charts are drawn empty, without failing.
        await Assertions.Expect(carol.Page.Locator("[data-testid=charts][data-loaded=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(carol.Page.GetByTestId("error-boundary")).ToHaveCountAsync(0);
        await carol.SetMarkerAsync();

        // Reassigned to Globex: her open page says so at once, and a reload is a 404.
        var reassigned = DateTime.UtcNow;
        await AssignAsync(admin, vmId, "Globex Analytics (globex)");
        await Assertions.Expect(page.GetByTestId("vm-tenant")).ToHaveTextAsync("Globex Analytics");
        await Assertions.Expect(carol.Page.GetByTestId("vm-unavailable")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.True(await carol.MarkerSurvivedAsync(), "the page was reloaded instead of following the change");
        carol.Expect("404 (Not Found)");
        var reload = await carol.Page.ReloadAsync();
        Assert.Equal(404, reload!.Status);
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("onboarding-admin-vm.png"), FullPage = true });

        // The new owner sees the VM but nothing from before it was theirs.
        var gus = await admin.Portal.UserAsync("gus@globex.example");
        var now = DateTime.UtcNow;
        var series = await admin.Portal.CallAsync<VmSeries, VmSeriesResult?>(s =>
            s.ReadAsync(gus.Scope(), vmId, now.AddDays(-30), now.AddMinutes(1), 600, MetricAggregate.Average));
        Assert.NotNull(series);
        var plan = series.Set.Plan;
        for (var i = 0; i < plan.Points; i++)
        {
            var start = plan.GridStart + plan.Bucket * i;
            if (start < reassigned.AddSeconds(-5)) Assert.All(series.Set.Series, s => Assert.True(float.IsNaN(s.Values[i]), $"globex sees {s.Key} at {start:O}"));
        }
    }

    private static async Task AssignAsync(SignedInBrowser admin, int vmId, string tenant)
    {
        var page = admin.Page;
        if (!page.Url.EndsWith($"/vms/{vmId}", StringComparison.Ordinal)) await admin.GotoAsync($"/vms/{vmId}");
        await page.GetByTestId("vm-assign").ClickAsync();
        await page.SelectAsync("assign-tenant", tenant);
        await page.GetByTestId("assign-submit").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=assign-outcomes] [data-succeeded=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByTestId("assign-close").ClickAsync();
        await Assertions.Expect(page.GetByTestId("assign-dialog")).Not.ToBeVisibleAsync();
    }
}
