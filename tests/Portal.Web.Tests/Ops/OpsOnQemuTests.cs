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
/// The portal with the local libvirtd as its host, reached over qemu:///system or over qemu+ssh as a remote host is,
/// and a real QEMU guest (tenant acme) on it: every ops change goes through the services the ops dialogs call, and the
/// guest itself, libvirt's definition, the audit trail and the VM's events show it happened.
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
    }

    /// <summary>The host's URI for a theory's transport: this machine's libvirtd, or the same one over ssh.</summary>
    private static string UriOver(string transport) => transport == "ssh" ? LoopbackSsh.Uri : QemuGuest.Uri;

    /// <summary>A portal on this test's data directory: a second one stands in for the first after a restart.</summary>
    private PortalOnData NewPortal(string uri) =>
        new PortalOnData(_dataDirectory)
        {
            Settings = new Dictionary<string, string>
            {
                ["Portal:Hosts:0:Name"] = "kvm",
                ["Portal:Hosts:0:Uri"] = uri,
                ["Portal:FirstInventoryTimeout"] = "00:02:00",
                ["Portal:Ops:StoragePools:0"] = QemuGuest.PoolName,
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
        _portal = NewPortal(QemuGuest.Uri);
        var admin = await _portal.UserAsync("admin@portal.example");
        var vm = await _portal.VmAsync(admin, _guest.Name);
        var globex = await Admin.AdminCalls.TenantIdAsync(_portal, "globex");

        var outcome = Assert.Single(await Admin.AdminCalls.AssignAsync(_portal, admin, globex, vm.Id));

        Assert.True(outcome.Succeeded, outcome.Message);
        var host = await _portal.Services.GetRequiredService<HypervisorConnections>().GetAsync(QemuGuest.Uri);
        Assert.Equal("globex", (await host.GetDomainAsync(_guest.Uuid)).TenantTag);

        // A restart: the new portal's inventory reads the host, which still says globex.
        await _portal.DisposeAsync();
        _portal = NewPortal(QemuGuest.Uri);
        var gus = await _portal.UserAsync("gus@globex.example");
        var alice = await _portal.UserAsync("alice@acme.example");
        await _portal.CallAsync<Portal.Collector.InventorySync, bool>(async sync => { await sync.SyncVmAsync(vm.Id); return true; });
        Assert.NotNull(await _portal.FindVmAsync(gus, vm.Id));
        Assert.Null(await _portal.FindVmAsync(alice, vm.Id));
    }

    [Theory]
    [InlineData("local")]
    [InlineData("ssh")]
    public async Task Disks_changed_through_the_portal_reach_the_guest_and_what_is_unsafe_is_refused(string transport)
    {
        var (ops, vm, host) = await OpsOverAsync(transport);
        var since = DateTime.UtcNow;

        // A qcow2 image whose header names a file outside every pool as its backing file (as a guest could write it):
        // libvirt's volume XML says where the chain leads, and the portal refuses it.
        var outside = QemuGuest.CreateOutsideImage(_guest.Name, "qcow2");
        var overlay = Path.GetFileName(QemuGuest.CreateOverlay(Path.Combine(QemuGuest.ImageDirectory, _guest.Name + "-overlay.qcow2"), outside));
        var (escaping, _) = await _portal.AttachAsync(ops, vm, OpsCalls.DiskFormFor(Key(overlay), "vdb", ("format", "qcow2")));
        AssertRefused(escaping, "source", $"backing file {outside} lies outside the storage pools");

        // An image another VM on the host holds (defined, not running) is refused, named after that VM.
        var held = Path.GetFileName(QemuGuest.CreateImage(Path.Combine(QemuGuest.ImageDirectory, _guest.Name + "-held.raw"), "raw"));
        await using (var other = await QemuGuest.DefineAsync("holder", Path.Combine(QemuGuest.ImageDirectory, held)))
        {
            var (taken, _) = await _portal.AttachAsync(ops, vm, OpsCalls.DiskFormFor(Key(held), "vdb"));
            AssertRefused(taken, "source", $"attached to another VM ({other.Name})");
        }

        // A new image, created by the storage pool in the same request: the guest's kernel sees vdb.
        var (attach, _) = await _portal.AttachAsync(ops, vm, OpsCalls.DiskFormFor(null, "vdb",
            ("source", "new"), ("location", QemuGuest.PoolName), ("newName", _guest.Name + "-data"), ("newSize", "0.0625"),
            ("serial", "PORTAL-WEB")));
        AssertSucceeded(attach);
        await _guest.WaitForBlockDevicesAsync(blocks => blocks.Contains("vdb"));
        var attached = (await host.GetDomainAsync(_guest.Uuid)).Disks.Single(d => d.Target == "vdb");
        Assert.Equal((Path.Combine(QemuGuest.ImageDirectory, _guest.Name + "-data.raw"), 64L << 20, DiskCache.None, DiskIo.Native, "PORTAL-WEB"),
            (attached.Source, attached.CapacityBytes, attached.Cache, attached.Io, attached.Serial));
        await AuditedAsync(vm.Id, AuditActions.AttachDisk, AuditOutcome.Succeeded);
        await _portal.WaitForEventAsync(vm.Id, VmEventKind.DiskAdded, since, QemuGuest.Patience);

        // Remove it: libvirt's DEVICE_REMOVED confirms, and the guest no longer lists it.
        AssertSucceeded(await _portal.DetachAsync(ops, vm, "vdb"));
        await _guest.WaitForBlockDevicesAsync(blocks => !blocks.Contains("vdb"));
        Assert.DoesNotContain((await host.GetDomainAsync(_guest.Uuid)).Disks, d => d.Target == "vdb");
        await AuditedAsync(vm.Id, AuditActions.DetachDisk, AuditOutcome.Succeeded);
        await _portal.WaitForEventAsync(vm.Id, VmEventKind.DiskRemoved, since, QemuGuest.Patience);

        // The guest had it as a raw disk and could write a qcow2 header naming a host file into it: the pool now probes
        // a qcow2 with that backing file, but the portal created it raw and offers it as raw, never as qcow2.
        var data = _guest.Name + "-data.raw";
        WriteQcow2Header(Path.Combine(QemuGuest.ImageDirectory, data), backing: "/etc/hostname");
        var probed = Assert.Single((await host.ListVolumesAsync(QemuGuest.PoolName)).Volumes, v => v.Name == data);
        Assert.Equal(("qcow2", "/etc/hostname"), (probed.FormatName, probed.Backing?.Path));
        var asRaw = await _portal.CheckDiskAsync(ops, vm, OpsCalls.DiskFormFor(Key(data), "vdb"));
        var asQcow2 = await _portal.CheckDiskAsync(ops, vm, OpsCalls.DiskFormFor(Key(data), "vdb", ("format", "qcow2")));
        Assert.Empty(asRaw.Errors);
        Assert.Contains($"{data} is a raw image: attach it as raw", asQcow2.ErrorFor("format"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("ssh")]
    public async Task Memory_changed_through_the_portal_reaches_the_guest_and_is_recorded(string transport)
    {
        var (ops, vm, host) = await OpsOverAsync(transport);
        var since = DateTime.UtcNow;

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

    /// <summary>
    /// A portal whose one host is the guest's libvirtd over <paramref name="transport"/>: the Ops user, the guest's VM as
    /// its page finds it, and the portal's connection to the host.
    /// </summary>
    private async Task<(System.Security.Claims.ClaimsPrincipal Ops, Vm Vm, IHypervisorConnection Host)> OpsOverAsync(string transport)
    {
        var uri = UriOver(transport);
        _portal = NewPortal(uri);
        var ops = await _portal.UserAsync("ops@portal.example");
        var vm = await _portal.VmAsync(ops, _guest.Name);
        return (ops, vm, await _portal.Services.GetRequiredService<HypervisorConnections>().GetAsync(uri));
    }

    /// <summary>An image of the test pool as the dialog's list names it.</summary>
    private static string Key(string volume) => ImageChoice.KeyOf(QemuGuest.PoolName, volume);

    /// <summary>Overwrites the start of <paramref name="path"/> with a qcow2 header naming <paramref name="backing"/>, as a guest writing its disk could.</summary>
    private static void WriteQcow2Header(string path, string backing)
    {
        var header = Path.Combine(Path.GetTempPath(), $"portal-header-{Guid.NewGuid():N}.qcow2");
        try
        {
            QemuGuest.CreateOverlay(header, backing, backingFormat: "raw");
            var bytes = File.ReadAllBytes(header);
            using var disk = new FileStream(path, FileMode.Open, FileAccess.Write);
            disk.Write(bytes, 0, Math.Min(bytes.Length, 64 * 1024));
        }
        finally
        {
            File.Delete(header);
        }
    }

    private static void AssertRefused(OperationOutcome outcome, string field, string message)
    {
        Assert.True(outcome.Status == OperationStatus.Invalid, $"Expected Invalid, got {outcome.Status}: {outcome.Message}");
        Assert.Contains(message, outcome.Errors.MessageFor(field) ?? $"(no error on {field}: {string.Join(" ", outcome.Errors.Select(e => e.Message))})",
            StringComparison.Ordinal);
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
