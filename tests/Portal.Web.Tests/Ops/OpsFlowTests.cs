using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Data;
using Portal.Simulator;
using Portal.Web.Features.Ops;

namespace Portal.Web.Tests.Ops;

/// <summary>The demo portal with a short removal wait, so a guest that does not answer is seen in seconds.</summary>
public sealed class OpsPortal : PortalFactory
{
    public OpsPortal() => Settings = new Dictionary<string, string> { ["Portal:Ops:DetachWait"] = "00:00:02" };
}

/// <summary>The operations end to end through the web endpoints, on the demo's simulated hosts.</summary>
public sealed class OpsFlowTests(OpsPortal portal) : IClassFixture<OpsPortal>
{
    [Fact]
    public async Task An_image_chosen_in_the_dialog_is_attached_once_however_often_the_form_is_sent_and_then_removed()
    {
        var vmId = await portal.Services.VmIdAsync("shop-db-01");
        using var client = await portal.SignedInAsync("ops@portal.example");
        var token = await client.PageTokenAsync(vmId);
        var dialog = await client.FragmentAsync($"/vms/{vmId}/ops/disks/new");
        var image = dialog.QuerySelector("#image option[selected]")!.GetAttribute("value")!;
        var target = dialog.QuerySelector("#target")!.GetAttribute("value")!;
        Assert.Contains($"<target dev=\"{target}\" bus=\"virtio\" />", dialog.QuerySelector("[data-testid=xml-preview]")!.TextContent, StringComparison.Ordinal);
        var form = OpsRequests.DiskForm(image, target, ("operation", dialog.QuerySelector("input[name=operation]")!.GetAttribute("value")!), ("serial", "WEB-TEST-1"));

        using var first = await client.PostFragmentAsync($"/vms/{vmId}/ops/disks", form, token);
        using var second = await client.PostFragmentAsync($"/vms/{vmId}/ops/disks", form, token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Succeeded", (await first.ParseAsync()).QuerySelector("[data-testid=operation-result]")!.GetAttribute("data-status"));
        Assert.Equal("vm-changed", first.Headers.GetValues("HX-Trigger").Single());
        Assert.Equal("AlreadySubmitted", (await second.ParseAsync()).QuerySelector("[data-testid=operation-result]")!.GetAttribute("data-status"));
        var panel = await client.FragmentAsync($"/vms/{vmId}/ops/disks");
        var row = panel.QuerySelector($"tr[data-disk={target}]")!;
        Assert.Contains("WEB-TEST-1", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("10 GiB", row.TextContent, StringComparison.Ordinal);
        var attached = (await portal.Services.AuditAsync(vmId)).Where(a => a.Action == AuditActions.AttachDisk && a.Outcome != AuditOutcome.Refused).ToList();
        var entry = Assert.Single(attached);
        Assert.Equal((AuditOutcome.Succeeded, "ops@portal.example"), (entry.Outcome, entry.UserName));
        Assert.Equal($"Disk {target} added: raw, virtio, cache none, io native, 10 GiB, serial WEB-TEST-1", entry.Summary);
        Assert.Contains($"\"image\":\"{image}\"", entry.Parameters, StringComparison.Ordinal);
        Assert.Contains("\"cache\":\"none\"", entry.Parameters, StringComparison.Ordinal);
        await EventAsync(vmId, VmEventKind.DiskAdded);

        using var removal = await client.PostFragmentAsync($"/vms/{vmId}/ops/disks/{target}/remove",
            new Dictionary<string, string> { ["operation"] = Guid.NewGuid().ToString() }, token);

        Assert.Equal("Succeeded", (await removal.ParseAsync()).QuerySelector("[data-testid=operation-result]")!.GetAttribute("data-status"));
        Assert.Null((await client.FragmentAsync($"/vms/{vmId}/ops/disks")).QuerySelector($"tr[data-disk={target}]"));
        Assert.Equal(AuditOutcome.Succeeded, (await portal.Services.AuditAsync(vmId))[^1].Outcome);
        await EventAsync(vmId, VmEventKind.DiskRemoved);
    }

    [Fact]
    public async Task A_new_qcow2_image_is_created_in_the_storage_location_and_attached_with_its_size()
    {
        var vmId = await portal.Services.VmIdAsync("shop-cache-01");
        using var client = await portal.SignedInAsync("admin@portal.example");
        var token = await client.PageTokenAsync(vmId);
        var name = $"cache-data-{Guid.NewGuid():N}"[..20];

        using var response = await client.PostFragmentAsync($"/vms/{vmId}/ops/disks", OpsRequests.DiskForm("", "vdc",
            ("source", "new"), ("location", "/var/lib/libvirt/images"), ("newName", name), ("newSize", "2.5"), ("format", "qcow2"),
            ("cache", "writeback"), ("io", "threads")), token);

        Assert.Equal("Succeeded", (await response.ParseAsync()).QuerySelector("[data-testid=operation-result]")!.GetAttribute("data-status"));
        var host = await HostAsync("sim://node-a");
        var volume = Assert.Single(await host.ListVolumesAsync("/var/lib/libvirt/images"), v => v.Path.EndsWith($"/{name}.qcow2", StringComparison.Ordinal));
        Assert.Equal((DiskFormat.Qcow2, 2560L << 20), (volume.Format, volume.CapacityBytes));
        var disk = (await client.FragmentAsync($"/vms/{vmId}/ops/disks")).QuerySelector("tr[data-disk=vdc]")!.TextContent;
        Assert.Contains("2.5 GiB", disk, StringComparison.Ordinal);
        Assert.Contains("writeback", disk, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_within_the_maximum_is_applied_live_and_recorded()
    {
        var vmId = await portal.Services.VmIdAsync("shop-db-01");
        using var client = await portal.SignedInAsync("ops@portal.example");
        var token = await client.PageTokenAsync(vmId);
        var preview = await client.PostFragmentAsync($"/vms/{vmId}/ops/memory/form", OpsRequests.MemoryForm("12"), token);
        Assert.NotNull((await preview.ParseAsync()).QuerySelector("[data-plan=live]"));

        using var response = await client.PostFragmentAsync($"/vms/{vmId}/ops/memory", OpsRequests.MemoryForm("12"), token);

        Assert.Equal("Succeeded", (await response.ParseAsync()).QuerySelector("[data-testid=operation-result]")!.GetAttribute("data-status"));
        var domain = (await (await HostAsync("sim://node-a")).ListDomainsAsync()).Single(d => d.Name == "shop-db-01");
        Assert.Equal((12L << 20, 16L << 20), (domain.MemoryKiB, domain.MaxMemoryKiB));
        Assert.Contains("Memory 8 GiB → 12 GiB (live)", (await portal.Services.AuditAsync(vmId))[^1].Summary, StringComparison.Ordinal);
        await EventAsync(vmId, VmEventKind.MemoryChanged);
        Assert.Contains("12 GiB", (await client.GetPageAsync($"/vms/{vmId}")).QuerySelector("[data-testid=vm-memory]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_above_the_maximum_says_so_before_and_applies_with_a_restart_when_chosen()
    {
        var vmId = await portal.Services.VmIdAsync("shop-web-01");
        using var client = await portal.SignedInAsync("ops@portal.example");
        var token = await client.PageTokenAsync(vmId);

        var preview = await (await client.PostFragmentAsync($"/vms/{vmId}/ops/memory/form", OpsRequests.MemoryForm("12"), token)).ParseAsync();
        Assert.Contains("above the maximum of 8 GiB", preview.QuerySelector("[data-plan=restart]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(preview.QuerySelector("[data-testid=memory-restart-now]"));
        Assert.NotNull(preview.QuerySelector("[data-testid=memory-next-start]"));
        var shrink = await (await client.PostFragmentAsync($"/vms/{vmId}/ops/memory/form", OpsRequests.MemoryForm("1"), token)).ParseAsync();
        Assert.Contains("The guest uses about", shrink.QuerySelector("[data-testid=memory-warning]")!.TextContent, StringComparison.Ordinal);

        using var response = await client.PostFragmentAsync($"/vms/{vmId}/ops/memory", OpsRequests.MemoryForm("12", apply: "restart-now"), token);

        Assert.Equal("Succeeded", (await response.ParseAsync()).QuerySelector("[data-testid=operation-result]")!.GetAttribute("data-status"));
        var domain = (await (await HostAsync("sim://node-a")).ListDomainsAsync()).Single(d => d.Name == "shop-web-01");
        Assert.Equal((12L << 20, 12L << 20, VmState.Running), (domain.MemoryKiB, domain.MaxMemoryKiB, domain.State));
        Assert.Contains("maximum 8 GiB → 12 GiB; applied with a restart", (await portal.Services.AuditAsync(vmId))[^1].Summary, StringComparison.Ordinal);
        await EventAsync(vmId, VmEventKind.MaxMemoryChanged);
    }

    [Fact]
    public async Task A_second_change_while_one_runs_is_told_to_wait_and_recorded()
    {
        var vmId = await portal.Services.VmIdAsync("shop-cache-01");
        using var client = await portal.SignedInAsync("ops@portal.example");
        var token = await client.PageTokenAsync(vmId);
        using var running = await portal.Services.GetRequiredService<VmOperationGate>().TryEnterAsync(vmId, TimeSpan.Zero, CancellationToken.None);

        using var response = await client.PostFragmentAsync($"/vms/{vmId}/ops/memory", OpsRequests.MemoryForm("3"), token);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var entry = (await portal.Services.AuditAsync(vmId))[^1];
        Assert.Equal(AuditOutcome.Refused, entry.Outcome);
        Assert.Contains("in progress", entry.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_guest_that_does_not_release_a_disk_leaves_the_removal_pending()
    {
        var vmId = await portal.Services.VmIdAsync("globex-db-01");
        var uuid = DemoFleet.Vms.Single(v => v.Name == "globex-db-01").Uuid;
        var host = (SimulatedHost)await HostAsync("sim://node-b");
        host.SetGuestIgnoresUnplug(uuid, true);
        using var client = await portal.SignedInAsync("ops@portal.example");
        var token = await client.PageTokenAsync(vmId);

        using var response = await client.PostFragmentAsync($"/vms/{vmId}/ops/disks/vdb/remove",
            new Dictionary<string, string> { ["operation"] = Guid.NewGuid().ToString() }, token);

        var result = (await response.ParseAsync()).QuerySelector("[data-testid=operation-result]")!;
        Assert.Equal("Pending", result.GetAttribute("data-status"));
        Assert.Contains("has not done so", result.TextContent, StringComparison.Ordinal);
        Assert.Equal(AuditOutcome.Pending, (await portal.Services.AuditAsync(vmId))[^1].Outcome);
    }

    private async Task<IHypervisorConnection> HostAsync(string uri) =>
        await portal.Services.GetRequiredService<HypervisorConnections>().GetAsync(uri);

    /// <summary>Events reach the store through the collector's recorder (host events) or the operation itself.</summary>
    private async Task EventAsync(int vmId, VmEventKind kind)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            using (var scope = portal.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                if (await db.VmEvents.AnyAsync(e => e.VmId == vmId && e.Kind == kind && e.TimeUtc > DateTime.UtcNow.AddMinutes(-5), deadline.Token)) return;
            }
            await Task.Delay(100, deadline.Token);
        }
    }
}
