using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;
using Portal.Testing;
using Portal.Web.Features.Ops;

namespace Portal.Web.Tests.Ops;

/// <summary>
/// Power actions on a real QEMU guest (tenant acme) through the service the VM page calls. The guest answers the ACPI
/// power button (busybox acpid), so a shutdown and a reboot finish; each action is confirmed by libvirt's event,
/// audited, and marked once with who did it.
/// </summary>
[Collection(QemuWebTests.Name)]
public sealed class PowerOnQemuTests() : QemuPortalTest("power", ("Portal:Ops:ShutdownGrace", "00:02:00"))
{
    [Fact]
    public async Task Reboot_shutdown_start_and_force_off_are_each_confirmed_by_libvirt_audited_and_marked_once()
    {
        var ops = await Portal.UserAsync("ops@portal.example");
        var vm = await Portal.VmAsync(ops, Guest.Name);
        await Portal.WaitForFirstSweepAsync(vm.Id, QemuGuest.Patience);
        var host = await Portal.HostAsync(QemuGuest.Uri);
        var since = DateTime.UtcNow;

        // A reboot: the guest answers the power button and boots again; libvirt reports the reset.
        AssertSucceeded(await Portal.PowerAsync(ops, vm, PowerAction.Reboot));
        await Guest.WaitForConsoleAsync(line => line == QemuGuest.PowerButton);
        await Guest.WaitForConsoleAsync(line => line == QemuGuest.Ready, occurrence: 2);
        await Portal.WaitForEventAsync(vm.Id, VmEventKind.Restarted, since, QemuGuest.Patience);

        // A shutdown: the guest powers off; the end of the VM is one Stopped mark.
        AssertSucceeded(await Portal.PowerAsync(ops, vm, PowerAction.Shutdown));
        Assert.Equal(VmState.ShutOff, (await host.GetDomainAsync(Guest.Uuid)).State);
        await Portal.WaitForPageAsync(ops, vm.Id, v => v.State == VmState.ShutOff, QemuGuest.Patience, "the guest shut off");
        await Portal.WaitForEventAsync(vm.Id, VmEventKind.Stopped, since, QemuGuest.Patience);
        Assert.Single(await Portal.Services.EventsAsync(vm.Id, since), e => e.Kind == VmEventKind.Stopped);

        // An action that does not fit is refused with a message, and asks nothing of the host.
        var refused = await Portal.PowerAsync(ops, vm, PowerAction.Reboot);
        Assert.Equal((OperationStatus.Invalid, $"{Guest.Name} is not running."), (refused.Status, Assert.Single(refused.Errors).Message));

        AssertSucceeded(await Portal.PowerAsync(ops, vm, PowerAction.Start));
        await Guest.WaitForConsoleAsync(line => line == QemuGuest.Ready, occurrence: 3);
        AssertSucceeded(await Portal.PowerAsync(ops, vm, PowerAction.Destroy));
        Assert.Equal(VmState.ShutOff, (await host.GetDomainAsync(Guest.Uuid)).State);
        await Portal.WaitForEventAsync(vm.Id, VmEventKind.Started, since, QemuGuest.Patience);
        var events = await Portal.WaitForMarksAsync(vm.Id, since, 4, QemuGuest.Patience);

        var audit = (await Portal.Services.AuditAsync(vm.Id)).Where(a => a.TimeUtc >= since && a.Outcome != AuditOutcome.Refused).ToList();
        Assert.Equal([AuditActions.RebootVm, AuditActions.ShutdownVm, AuditActions.StartVm, AuditActions.ForceOffVm], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal((AuditOutcome.Succeeded, "ops@portal.example"), (a.Outcome, a.UserName)));
        Assert.Equal(AuditOutcome.Refused, (await Portal.Services.AuditAsync(vm.Id)).Single(a => a.TimeUtc >= since && a.Outcome == AuditOutcome.Refused).Outcome);
        Assert.Equal([VmEventKind.Restarted, VmEventKind.Stopped, VmEventKind.Started, VmEventKind.Stopped], events.Select(e => e.Kind));
        Assert.Equal(audit.Select(a => (long?)a.Id), events.Select(e => e.AuditEntryId));
        Assert.Equal([null, "clean shutdown", null, "forced off"], events.Select(e => e.Detail));
    }

    [Fact]
    public async Task A_customer_reboots_their_own_guest_another_tenant_s_customer_finds_nothing_and_support_is_refused()
    {
        var alice = await Portal.UserAsync("alice@acme.example");
        var gus = await Portal.UserAsync("gus@globex.example");
        var support = await Portal.UserAsync("support@portal.example");
        var vm = await Portal.VmAsync(alice, Guest.Name);
        await Portal.WaitForFirstSweepAsync(vm.Id, QemuGuest.Patience);
        var since = DateTime.UtcNow;

        AssertSucceeded(await Portal.PowerAsync(alice, vm, PowerAction.Reboot));
        await Guest.WaitForConsoleAsync(line => line == QemuGuest.Ready, occurrence: 2);
        var foreign = await Portal.PowerAsync(gus, vm, PowerAction.Destroy);
        var bySupport = await Portal.PowerAsync(support, vm, PowerAction.Destroy);

        Assert.Equal(OperationStatus.NotFound, foreign.Status);
        Assert.Equal(OperationStatus.Forbidden, bySupport.Status);
        Assert.Equal(VmState.Running, (await (await Portal.HostAsync(QemuGuest.Uri)).GetDomainAsync(Guest.Uuid)).State);
        var audit = (await Portal.Services.AuditAsync(vm.Id)).Where(a => a.TimeUtc >= since).ToList();
        Assert.Equal(
            [
                ("alice@acme.example", AuditActions.RebootVm, AuditOutcome.Succeeded),
                ("gus@globex.example", AuditActions.ForceOffVm, AuditOutcome.Refused),
                ("support@portal.example", AuditActions.ForceOffVm, AuditOutcome.Refused),
            ],
            audit.Select(a => (a.UserName, a.Action, a.Outcome)));
        var restart = Assert.Single(await Portal.WaitForMarksAsync(vm.Id, since, 1, QemuGuest.Patience));
        Assert.Equal((VmEventKind.Restarted, audit[0].Id), (restart.Kind, restart.AuditEntryId));
        Assert.Equal(["Restarted by you"], await Portal.ChartMarksAsync(alice, vm.Id, since));
    }

    private static void AssertSucceeded(OperationOutcome outcome) =>
        Assert.True(outcome.Status == OperationStatus.Succeeded, $"Expected Succeeded, got {outcome.Status}: {outcome.Message}");
}
