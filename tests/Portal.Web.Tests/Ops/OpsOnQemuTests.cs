using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Data;
using Portal.Libvirt;
using Portal.Testing;

namespace Portal.Web.Tests.Ops;

/// <summary>
/// The portal with the local libvirtd as one of its hosts and a real QEMU guest (tenant acme) on it: every ops
/// change goes through the web endpoints, and the guest itself, libvirt's definition, the audit trail and the VM's
/// events show it happened.
/// </summary>
[Collection(QemuWebTests.Name)]
public sealed class OpsOnQemuTests : IAsyncLifetime
{
    private QemuGuest _guest = default!;
    private PortalFactory _portal = default!;

    public async Task InitializeAsync()
    {
        if (!LibvirtConnector.IsLibvirtInstalled)
            throw new InvalidOperationException("libvirt.so.0 is missing: run the tests with ./test.sh, which installs libvirt.");
        await QemuGuest.RemoveLeftoversAsync();
        _guest = await QemuGuest.BootAsync("web");
        _portal = new PortalFactory
        {
            Settings = new Dictionary<string, string>
            {
                ["Portal:Hosts:0:Name"] = "local",
                ["Portal:Hosts:0:Uri"] = QemuGuest.Uri,
                ["Portal:FirstInventoryTimeout"] = "00:02:00",
                ["Portal:Ops:StorageRoots:0"] = QemuGuest.ImageDirectory,
                ["Portal:Ops:MinMemoryMiB"] = "64",
                ["Portal:Ops:DetachWait"] = "00:01:00",
                ["Portal:Ops:ShutdownGrace"] = "00:00:05",
            },
        };
    }

    public async Task DisposeAsync()
    {
        if (_portal is not null) await _portal.DisposeAsync();
        if (_guest is not null) await _guest.DisposeAsync();
    }

    [Fact]
    public async Task Disks_and_memory_changed_through_the_portal_reach_the_guest_and_are_recorded()
    {
        var vmId = await _portal.Services.VmIdAsync(_guest.Name);
        using var client = await _portal.SignedInAsync("ops@portal.example");
        var token = await client.PageTokenAsync(vmId);
        var host = await _portal.Services.GetRequiredService<HypervisorConnections>().GetAsync(QemuGuest.Uri);

        // A symlink inside the storage location that leads out of it is caught as the host resolves it.
        var escape = Path.Combine(QemuGuest.ImageDirectory, _guest.Name + "-escape.raw");
        File.CreateSymbolicLink(escape, "/etc/hostname");
        using (var refused = await client.PostFragmentAsync($"/vms/{vmId}/ops/disks", OpsRequests.DiskForm(escape, "vdb"), token))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("leads outside the storage locations", (await refused.ParseAsync()).FieldErrors()["source"], StringComparison.Ordinal);
        }

        // Attach a new image, created in the storage pool by the same request: the guest's kernel sees vdb.
        using (var attach = await client.PostFragmentAsync($"/vms/{vmId}/ops/disks", OpsRequests.DiskForm("", "vdb",
                   ("source", "new"), ("location", QemuGuest.ImageDirectory), ("newName", _guest.Name + "-data"), ("newSize", "0.0625"),
                   ("serial", "PORTAL-WEB")), token))
        {
            await AssertStatusAsync(attach, "Succeeded");
        }
        await _guest.WaitForBlockDevicesAsync(blocks => blocks.Contains("vdb"));
        var attached = (await host.GetDomainAsync(_guest.Uuid)).Disks.Single(d => d.Target == "vdb");
        Assert.Equal((64L << 20, DiskCache.None, DiskIo.Native, "PORTAL-WEB"), (attached.CapacityBytes, attached.Cache, attached.Io, attached.Serial));
        await AuditedAsync(vmId, AuditActions.AttachDisk, AuditOutcome.Succeeded);
        await EventAsync(vmId, VmEventKind.DiskAdded);

        // Remove it: libvirt's DEVICE_REMOVED confirms, and the guest no longer lists it.
        using (var remove = await client.PostFragmentAsync($"/vms/{vmId}/ops/disks/vdb/remove",
                   new Dictionary<string, string> { ["operation"] = Guid.NewGuid().ToString() }, token))
        {
            await AssertStatusAsync(remove, "Succeeded");
        }
        await _guest.WaitForBlockDevicesAsync(blocks => !blocks.Contains("vdb"));
        Assert.DoesNotContain((await host.GetDomainAsync(_guest.Uuid)).Disks, d => d.Target == "vdb");
        await AuditedAsync(vmId, AuditActions.DetachDisk, AuditOutcome.Succeeded);
        await EventAsync(vmId, VmEventKind.DiskRemoved);

        // Shrink live: the balloon follows.
        using (var live = await client.PostFragmentAsync($"/vms/{vmId}/ops/memory", OpsRequests.MemoryForm("160", "MiB"), token))
        {
            await AssertStatusAsync(live, "Succeeded");
        }
        await WaitUntilAsync(async () => (await host.GetDomainAsync(_guest.Uuid)).MemoryKiB == 160 << 10);
        await AuditedAsync(vmId, AuditActions.SetMemory, AuditOutcome.Succeeded);
        await EventAsync(vmId, VmEventKind.MemoryChanged);

        // Above the maximum with a restart: the new maximum is active once the guest is back.
        using (var raise = await client.PostFragmentAsync($"/vms/{vmId}/ops/memory", OpsRequests.MemoryForm("320", "MiB", "restart-now"), token))
        {
            await AssertStatusAsync(raise, "Succeeded");
        }
        await _guest.WaitForConsoleAsync(line => line == "PORTAL-GUEST-READY", occurrence: 2);
        var restarted = await host.GetDomainAsync(_guest.Uuid);
        Assert.Equal((VmState.Running, 320L << 10), (restarted.State, restarted.MaxMemoryKiB));
        await AuditedAsync(vmId, AuditActions.SetMemory, AuditOutcome.Succeeded);
        await EventAsync(vmId, VmEventKind.MaxMemoryChanged);
        await EventAsync(vmId, VmEventKind.Started);
    }

    private static async Task AssertStatusAsync(HttpResponseMessage response, string status)
    {
        var result = (await response.ParseAsync()).QuerySelector("[data-testid=operation-result]");
        Assert.True(result?.GetAttribute("data-status") == status,
            $"Expected {status}, got {(int)response.StatusCode}: {result?.TextContent.Trim() ?? await response.Content.ReadAsStringAsync()}");
    }

    private async Task AuditedAsync(int vmId, string action, AuditOutcome outcome)
    {
        var last = (await _portal.Services.AuditAsync(vmId)).Last(a => a.Action == action);
        Assert.True(last.Outcome == outcome, $"{action}: {last.Outcome} {last.Error}");
        Assert.Equal("ops@portal.example", last.UserName);
    }

    private async Task EventAsync(int vmId, VmEventKind kind) =>
        await WaitUntilAsync(async () =>
        {
            using var scope = _portal.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().VmEvents.AnyAsync(e => e.VmId == vmId && e.Kind == kind);
        });

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(QemuGuest.Patience);
        while (!await condition()) await Task.Delay(250, deadline.Token);
    }
}

/// <summary>
/// The QEMU guest keeps two cores busy under software emulation: its tests run alone, after the others, so that the
/// browser's timing tests never share the machine with it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QemuWebTests
{
    public const string Name = "qemu-web";
}
