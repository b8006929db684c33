using Portal.Core.Ops;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Libvirt;
using Portal.Testing;
using Portal.Web.Features.Ops;

namespace Portal.Web.Tests.Ops;

/// <summary>
/// The portal with the local libvirtd as one of its hosts and a real QEMU guest (tenant acme) on it: every ops
/// change goes through the services the ops dialogs call, and the guest itself, libvirt's definition, the audit
/// trail and the VM's events show it happened.
/// </summary>
[Collection(QemuWebTests.Name)]
public sealed class OpsOnQemuTests : IAsyncLifetime
{
    private QemuGuest _guest = default!;
    private PortalOnData _portal = default!;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "portal-qemu-web-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        if (!LibvirtConnector.IsLibvirtInstalled)
            throw new InvalidOperationException("libvirt.so.0 is missing: run the tests with ./test.sh, which installs libvirt.");
        await QemuGuest.RemoveLeftoversAsync();
        _guest = await QemuGuest.BootAsync("web");
        _portal = NewPortal();
    }

    /// <summary>A portal on this test's data directory: a second one stands in for the first after a restart.</summary>
    private PortalOnData NewPortal() =>
        new PortalOnData(_dataDirectory)
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

    public async Task DisposeAsync()
    {
        if (_portal is not null) await _portal.DisposeAsync();
        if (_guest is not null) await _guest.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task An_assignment_is_written_to_the_guest_s_definition_and_kept_across_a_portal_restart()
    {
        var admin = await _portal.UserAsync("admin@portal.example");
        var vm = await _portal.VmAsync(admin, _guest.Name);
        var globex = await Admin.AdminCalls.TenantIdAsync(_portal, "globex");

        var outcome = Assert.Single(await Admin.AdminCalls.AssignAsync(_portal, admin, globex, vm.Id));

        Assert.True(outcome.Succeeded, outcome.Message);
        var host = await _portal.Services.GetRequiredService<HypervisorConnections>().GetAsync(QemuGuest.Uri);
        Assert.Equal("globex", (await host.GetDomainAsync(_guest.Uuid)).TenantTag);

        // A restart: the new portal's inventory reads the host, which still says globex.
        await _portal.DisposeAsync();
        _portal = NewPortal();
        var gus = await _portal.UserAsync("gus@globex.example");
        var alice = await _portal.UserAsync("alice@acme.example");
        await _portal.CallAsync<Portal.Collector.InventorySync, bool>(async sync => { await sync.SyncVmAsync(vm.Id); return true; });
        Assert.NotNull(await _portal.FindVmAsync(gus, vm.Id));
        Assert.Null(await _portal.FindVmAsync(alice, vm.Id));
    }

    [Fact]
    public async Task Disks_and_memory_changed_through_the_portal_reach_the_guest_and_are_recorded()
    {
        var ops = await _portal.UserAsync("ops@portal.example");
        var vm = await _portal.VmAsync(ops, _guest.Name);
        var host = await _portal.Services.GetRequiredService<HypervisorConnections>().GetAsync(QemuGuest.Uri);
        var since = DateTime.UtcNow;

        // A symlink inside the storage location that leads out of it is caught as the host resolves it.
        var escape = Path.Combine(QemuGuest.ImageDirectory, _guest.Name + "-escape.raw");
        File.CreateSymbolicLink(escape, "/etc/hostname");
        var (refused, _) = await _portal.AttachAsync(ops, vm, OpsCalls.DiskFormFor(escape, "vdb"));
        Assert.True(refused.Status == OperationStatus.Invalid, $"{refused.Status}: {refused.Message}");
        Assert.Contains("leads outside the storage locations", refused.Errors.MessageFor("source") ?? "(no error on source)", StringComparison.Ordinal);

        // Attach a new image, created in the storage pool by the same request: the guest's kernel sees vdb.
        var (attach, _) = await _portal.AttachAsync(ops, vm, OpsCalls.DiskFormFor(null, "vdb",
            ("source", "new"), ("location", QemuGuest.ImageDirectory), ("newName", _guest.Name + "-data"), ("newSize", "0.0625"),
            ("serial", "PORTAL-WEB")));
        AssertSucceeded(attach);
        await _guest.WaitForBlockDevicesAsync(blocks => blocks.Contains("vdb"));
        var attached = (await host.GetDomainAsync(_guest.Uuid)).Disks.Single(d => d.Target == "vdb");
        Assert.Equal((64L << 20, DiskCache.None, DiskIo.Native, "PORTAL-WEB"), (attached.CapacityBytes, attached.Cache, attached.Io, attached.Serial));
        await AuditedAsync(vm.Id, AuditActions.AttachDisk, AuditOutcome.Succeeded);
        await _portal.WaitForEventAsync(vm.Id, VmEventKind.DiskAdded, since, QemuGuest.Patience);

        // Remove it: libvirt's DEVICE_REMOVED confirms, and the guest no longer lists it.
        AssertSucceeded(await _portal.DetachAsync(ops, vm, "vdb"));
        await _guest.WaitForBlockDevicesAsync(blocks => !blocks.Contains("vdb"));
        Assert.DoesNotContain((await host.GetDomainAsync(_guest.Uuid)).Disks, d => d.Target == "vdb");
        await AuditedAsync(vm.Id, AuditActions.DetachDisk, AuditOutcome.Succeeded);
        await _portal.WaitForEventAsync(vm.Id, VmEventKind.DiskRemoved, since, QemuGuest.Patience);

        // Shrink live: the balloon follows.
        AssertSucceeded(await _portal.ApplyMemoryAsync(ops, vm, OpsCalls.MemoryFormFor("160", "MiB")));
        await OpsCalls.WaitForHostAsync(host, _guest.Uuid, d => d.MemoryKiB == 160 << 10, QemuGuest.Patience, "the balloon at 160 MiB");
        await AuditedAsync(vm.Id, AuditActions.SetMemory, AuditOutcome.Succeeded);
        await _portal.WaitForEventAsync(vm.Id, VmEventKind.MemoryChanged, since, QemuGuest.Patience);

        // Above the maximum with a restart: the new maximum is active once the guest is back.
        var restart = DateTime.UtcNow;
        AssertSucceeded(await _portal.ApplyMemoryAsync(ops, vm, OpsCalls.MemoryFormFor("320", "MiB", MemoryForm.RestartNow)));
        await _guest.WaitForConsoleAsync(line => line == "PORTAL-GUEST-READY", occurrence: 2);
        var restarted = await host.GetDomainAsync(_guest.Uuid);
        Assert.Equal((VmState.Running, 320L << 10), (restarted.State, restarted.MaxMemoryKiB));
        await AuditedAsync(vm.Id, AuditActions.SetMemory, AuditOutcome.Succeeded);
        await _portal.WaitForEventAsync(vm.Id, VmEventKind.MaxMemoryChanged, restart, QemuGuest.Patience);
        await _portal.WaitForEventAsync(vm.Id, VmEventKind.Started, restart, QemuGuest.Patience);
    }

    private static void AssertSucceeded(OperationOutcome outcome) =>
        Assert.True(outcome.Status == OperationStatus.Succeeded, $"Expected Succeeded, got {outcome.Status}: {outcome.Message}");

    private async Task AuditedAsync(int vmId, string action, AuditOutcome outcome)
    {
        var last = (await _portal.Services.AuditAsync(vmId)).Last(a => a.Action == action);
        Assert.True(last.Outcome == outcome, $"{action}: {last.Outcome} {last.Error}");
        Assert.Equal("ops@portal.example", last.UserName);
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

/// <summary>A portal on a given data directory (kept when it is disposed), so that another can start on the same data.</summary>
internal sealed class PortalOnData(string dataDirectory) : PortalFactory(dataDirectory);
