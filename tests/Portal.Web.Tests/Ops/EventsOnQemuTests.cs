using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Inventory;
using Portal.Data;
using Portal.Testing;
using Portal.Web.Features.Ops;

namespace Portal.Web.Tests.Ops;

/// <summary>
/// Events recorded as they happened, on real QEMU guests: the first start of a VM the inventory has not seen yet,
/// disk marks named by target, and a removal left pending that the guest's late answer completes.
/// </summary>
[Collection(QemuWebTests.Name)]
public sealed class EventsOnQemuTests() : QemuPortalTest("events", ("Portal:Metrics:Interval", "01:00:00"), ("Portal:Ops:DetachWait", "00:00:03"))
{
    [Fact]
    public async Task A_vm_defined_and_started_between_two_sweeps_gets_its_start_marked()
    {
        var ops = await Portal.UserAsync("ops@portal.example");
        await Portal.WaitForFirstSweepAsync((await Portal.VmAsync(ops, Guest.Name)).Id, QemuGuest.Patience);

        await using var late = await QemuGuest.BootAsync("late");

        var started = await Portal.WaitForFleetAsync(null, () => StartOfAsync(late.Uuid), e => e is not null, QemuGuest.Patience,
            _ => $"no Started mark for {late.Name}");
        var vm = await Portal.VmAsync(ops, late.Name);
        Assert.Equal((vm.Id, VmState.Running), (started!.VmId, vm.State));
    }

    [Fact]
    public async Task Disk_marks_name_the_target_and_a_removal_left_pending_is_completed_when_the_guest_releases_the_disk()
    {
        var ops = await Portal.UserAsync("ops@portal.example");
        var vm = await Portal.VmAsync(ops, Guest.Name);
        await Portal.WaitForFirstSweepAsync(vm.Id, QemuGuest.Patience);
        var since = DateTime.UtcNow;

        var (attach, _) = await Portal.AttachAsync(ops, vm, OpsCalls.DiskFormFor(null, "vdb",
            ("source", "new"), ("location", QemuGuest.PoolName), ("newName", Guest.Name + "-late"), ("newSize", "0.0625")));
        Assert.True(attach.Status == OperationStatus.Succeeded, $"{attach.Status}: {attach.Message}");
        await Guest.WaitForBlockDevicesAsync(blocks => blocks.Contains("vdb"));
        var added = Assert.Single(await Portal.WaitForMarksAsync(vm.Id, since, 1, QemuGuest.Patience));
        // libvirt reports the device as virtio-disk1: the mark names it as the page does.
        Assert.Equal((VmEventKind.DiskAdded, "vdb"), (added.Kind, added.Detail));

        // A guest that cannot answer (paused) leaves the removal pending…
        await Guest.SuspendAsync();
        var removal = await Portal.DetachAsync(ops, vm, "vdb");
        Assert.True(removal.Status == OperationStatus.Pending, $"{removal.Status}: {removal.Message}");
        var entry = (await Portal.Services.AuditAsync(vm.Id)).Last();
        Assert.Equal((AuditActions.DetachDisk, AuditOutcome.Pending), (entry.Action, entry.Outcome));

        // …until it runs again and releases the disk: libvirt's device-removed event completes the entry.
        await Guest.ResumeAsync();
        await Guest.WaitForBlockDevicesAsync(blocks => !blocks.Contains("vdb"));
        var completed = await Portal.WaitForCompletionAsync(vm.Id, entry.Id, QemuGuest.Patience);
        Assert.Equal((AuditOutcome.Succeeded, "Disk vdb removed (the guest released it after the wait)"), (completed.Outcome, completed.Summary));
        var marks = await Portal.WaitForMarksAsync(vm.Id, since, 4, QemuGuest.Patience);
        Assert.Equal([(VmEventKind.DiskAdded, "vdb"), (VmEventKind.Paused, null), (VmEventKind.Resumed, null), (VmEventKind.DiskRemoved, "vdb")],
            marks.Select(e => (e.Kind, e.Detail)));
        await Portal.WaitForPageAsync(ops, vm.Id, v => v.Disks.All(d => d.Target != "vdb"), QemuGuest.Patience, "vdb gone");
    }

    /// <summary>The Started mark of the VM of the domain <paramref name="uuid"/>, once there is one.</summary>
    private async Task<VmEvent?> StartOfAsync(Guid uuid)
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.VmEvents.Where(e => db.Vms.Any(v => v.Id == e.VmId && v.Uuid == uuid) && e.Kind == VmEventKind.Started).FirstOrDefaultAsync();
    }
}
