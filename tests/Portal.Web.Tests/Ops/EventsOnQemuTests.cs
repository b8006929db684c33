using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Collector;
using Portal.Core.Audit;
using Portal.Core.Inventory;
using Portal.Data;
using Portal.Libvirt;
using Portal.Testing;
using Portal.Web.Features.Ops;

namespace Portal.Web.Tests.Ops;

/// <summary>
/// Events recorded as they happened, on real QEMU guests: the first start of a VM the inventory has not seen yet,
/// disk marks named by target, and a removal left pending that the guest's late answer completes.
/// </summary>
[Collection(QemuWebTests.Name)]
public sealed class EventsOnQemuTests : IAsyncLifetime
{
    private QemuGuest _guest = default!;
    private PortalOnData _portal = default!;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "portal-qemu-events-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        if (!LibvirtConnector.IsLibvirtInstalled)
            throw new InvalidOperationException("libvirt.so.0 is missing: run the tests with ./test.sh, which installs libvirt.");
        await QemuGuest.RemoveLeftoversAsync();
        _guest = await QemuGuest.BootAsync("events");
        // One sweep at start and none for an hour: whatever a test sees after the first comes from the host's events.
        _portal = QemuPortal.Start(_dataDirectory, ("Portal:Metrics:Interval", "01:00:00"), ("Portal:Ops:DetachWait", "00:00:03"));
    }

    public async Task DisposeAsync()
    {
        if (_portal is not null) await _portal.DisposeAsync();
        if (_guest is not null) await _guest.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_vm_defined_and_started_between_two_sweeps_gets_its_start_marked()
    {
        var ops = await _portal.UserAsync("ops@portal.example");
        await _portal.WaitForFirstSweepAsync((await _portal.VmAsync(ops, _guest.Name)).Id, QemuGuest.Patience);

        await using var late = await QemuGuest.BootAsync("late");

        var started = await WaitForAsync(async db =>
            await db.VmEvents.Where(e => db.Vms.Any(v => v.Id == e.VmId && v.Uuid == late.Uuid) && e.Kind == VmEventKind.Started).FirstOrDefaultAsync());
        var vm = await _portal.VmAsync(ops, late.Name);
        Assert.Equal((vm.Id, VmState.Running), (started.VmId, vm.State));
    }

    [Fact]
    public async Task Disk_marks_name_the_target_and_a_removal_left_pending_is_completed_when_the_guest_releases_the_disk()
    {
        var ops = await _portal.UserAsync("ops@portal.example");
        var vm = await _portal.VmAsync(ops, _guest.Name);
        await _portal.WaitForFirstSweepAsync(vm.Id, QemuGuest.Patience);
        var since = DateTime.UtcNow;

        var (attach, _) = await _portal.AttachAsync(ops, vm, OpsCalls.DiskFormFor(null, "vdb",
            ("source", "new"), ("location", QemuGuest.ImageDirectory), ("newName", _guest.Name + "-late"), ("newSize", "0.0625")));
        Assert.True(attach.Status == OperationStatus.Succeeded, $"{attach.Status}: {attach.Message}");
        await _guest.WaitForBlockDevicesAsync(blocks => blocks.Contains("vdb"));
        var added = Assert.Single(await _portal.WaitForMarksAsync(vm.Id, since, 1, QemuGuest.Patience));
        // libvirt reports the device as virtio-disk1: the mark names it as the page does.
        Assert.Equal((VmEventKind.DiskAdded, "vdb"), (added.Kind, added.Detail));

        // A guest that cannot answer (paused) leaves the removal pending…
        await _guest.SuspendAsync();
        var removal = await _portal.DetachAsync(ops, vm, "vdb");
        Assert.True(removal.Status == OperationStatus.Pending, $"{removal.Status}: {removal.Message}");
        var entry = (await _portal.Services.AuditAsync(vm.Id)).Last();
        Assert.Equal((AuditActions.DetachDisk, AuditOutcome.Pending), (entry.Action, entry.Outcome));

        // …until it runs again and releases the disk: libvirt's device-removed event completes the entry.
        await _guest.ResumeAsync();
        await _guest.WaitForBlockDevicesAsync(blocks => !blocks.Contains("vdb"));
        var completed = (await _portal.WaitForAuditAsync(vm.Id, entries => entries.Single(a => a.Id == entry.Id).Outcome != AuditOutcome.Pending,
            QemuGuest.Patience, "the removal completed")).Single(a => a.Id == entry.Id);
        Assert.Equal((AuditOutcome.Succeeded, "Disk vdb removed (the guest released it after the wait)"), (completed.Outcome, completed.Summary));
        var marks = await _portal.WaitForMarksAsync(vm.Id, since, 4, QemuGuest.Patience);
        Assert.Equal([(VmEventKind.DiskAdded, "vdb"), (VmEventKind.Paused, null), (VmEventKind.Resumed, null), (VmEventKind.DiskRemoved, "vdb")],
            marks.Select(e => (e.Kind, e.Detail)));
        await _portal.WaitForPageAsync(ops, vm.Id, v => v.Disks.All(d => d.Target != "vdb"), QemuGuest.Patience, "vdb gone");
    }

    /// <summary>Waits until <paramref name="probe"/> finds something, looking again whenever the fleet changes.</summary>
    private async Task<T> WaitForAsync<T>(Func<PortalDbContext, Task<T?>> probe) where T : class
    {
        var changes = Channel.CreateUnbounded<FleetChange>();
        using var subscription = _portal.Services.GetRequiredService<FleetChanges>().Subscribe(change => changes.Writer.TryWrite(change));
        using var deadline = new CancellationTokenSource(QemuGuest.Patience);
        while (true)
        {
            await using (var scope = _portal.Services.CreateAsyncScope())
            {
                if (await probe(scope.ServiceProvider.GetRequiredService<PortalDbContext>()) is { } found) return found;
            }
            await changes.Reader.ReadAsync(deadline.Token);
        }
    }
}
