using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;
using Portal.Libvirt;
using Portal.Testing;
using Portal.Web.Features.Ops;

namespace Portal.Web.Tests.Ops;

/// <summary>
/// Power actions on a real QEMU guest (tenant acme) through the service the VM page calls. The guest answers the ACPI
/// power button (busybox acpid), so a shutdown and a reboot finish; each action is confirmed by libvirt's event,
/// audited, and marked once with who did it.
/// </summary>
[Collection(QemuWebTests.Name)]
public sealed class PowerOnQemuTests : IAsyncLifetime
{
    private QemuGuest _guest = default!;
    private PortalOnData _portal = default!;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "portal-qemu-power-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        if (!LibvirtConnector.IsLibvirtInstalled)
            throw new InvalidOperationException("libvirt.so.0 is missing: run the tests with ./test.sh, which installs libvirt.");
        await QemuGuest.RemoveLeftoversAsync();
        _guest = await QemuGuest.BootAsync("power");
        // A guest under software emulation on two busy cores: generous.
        _portal = QemuPortal.Start(_dataDirectory, ("Portal:Ops:ShutdownGrace", "00:02:00"));
    }

    public async Task DisposeAsync()
    {
        if (_portal is not null) await _portal.DisposeAsync();
        if (_guest is not null) await _guest.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Reboot_shutdown_start_and_force_off_are_each_confirmed_by_libvirt_audited_and_marked_once()
    {
        var ops = await _portal.UserAsync("ops@portal.example");
        var vm = await _portal.VmAsync(ops, _guest.Name);
        await _portal.WaitForFirstSweepAsync(vm.Id, QemuGuest.Patience);
        var host = await _portal.HostAsync(QemuGuest.Uri);
        var since = DateTime.UtcNow;

        // A reboot: the guest answers the power button and boots again; libvirt reports the reset.
        AssertSucceeded(await _portal.PowerAsync(ops, vm, PowerAction.Reboot));
        await _guest.WaitForConsoleAsync(line => line == QemuGuest.PowerButton);
        await _guest.WaitForConsoleAsync(line => line == QemuGuest.Ready, occurrence: 2);
        await _portal.WaitForEventAsync(vm.Id, VmEventKind.Restarted, since, QemuGuest.Patience);

        // A shutdown: the guest powers off; the end of the VM is one Stopped mark.
        AssertSucceeded(await _portal.PowerAsync(ops, vm, PowerAction.Shutdown));
        Assert.Equal(VmState.ShutOff, (await host.GetDomainAsync(_guest.Uuid)).State);
        await _portal.WaitForPageAsync(ops, vm.Id, v => v.State == VmState.ShutOff, QemuGuest.Patience, "the guest shut off");
        await _portal.WaitForEventAsync(vm.Id, VmEventKind.Stopped, since, QemuGuest.Patience);
        Assert.Single(await _portal.Services.EventsAsync(vm.Id, since), e => e.Kind == VmEventKind.Stopped);

        // An action that does not fit is refused with a message, and asks nothing of the host.
        var refused = await _portal.PowerAsync(ops, vm, PowerAction.Reboot);
        Assert.Equal((OperationStatus.Invalid, $"{_guest.Name} is not running."), (refused.Status, Assert.Single(refused.Errors).Message));

        AssertSucceeded(await _portal.PowerAsync(ops, vm, PowerAction.Start));
        await _guest.WaitForConsoleAsync(line => line == QemuGuest.Ready, occurrence: 3);
        AssertSucceeded(await _portal.PowerAsync(ops, vm, PowerAction.Destroy));
        Assert.Equal(VmState.ShutOff, (await host.GetDomainAsync(_guest.Uuid)).State);
        await _portal.WaitForEventAsync(vm.Id, VmEventKind.Started, since, QemuGuest.Patience);
        var events = await _portal.WaitForMarksAsync(vm.Id, since, 4, QemuGuest.Patience);

        var audit = (await _portal.Services.AuditAsync(vm.Id)).Where(a => a.TimeUtc >= since && a.Outcome != AuditOutcome.Refused).ToList();
        Assert.Equal([AuditActions.RebootVm, AuditActions.ShutdownVm, AuditActions.StartVm, AuditActions.ForceOffVm], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal((AuditOutcome.Succeeded, "ops@portal.example"), (a.Outcome, a.UserName)));
        Assert.Equal(AuditOutcome.Refused, (await _portal.Services.AuditAsync(vm.Id)).Single(a => a.TimeUtc >= since && a.Outcome == AuditOutcome.Refused).Outcome);
        Assert.Equal([VmEventKind.Restarted, VmEventKind.Stopped, VmEventKind.Started, VmEventKind.Stopped], events.Select(e => e.Kind));
        Assert.Equal(audit.Select(a => (long?)a.Id), events.Select(e => e.AuditEntryId));
        Assert.Equal([null, "clean shutdown", null, "forced off"], events.Select(e => e.Detail));
    }

    [Fact]
    public async Task A_customer_reboots_their_own_guest_another_tenant_s_customer_finds_nothing_and_support_is_refused()
    {
        var alice = await _portal.UserAsync("alice@acme.example");
        var gus = await _portal.UserAsync("gus@globex.example");
        var support = await _portal.UserAsync("support@portal.example");
        var vm = await _portal.VmAsync(alice, _guest.Name);
        await _portal.WaitForFirstSweepAsync(vm.Id, QemuGuest.Patience);
        var since = DateTime.UtcNow;

        AssertSucceeded(await _portal.PowerAsync(alice, vm, PowerAction.Reboot));
        await _guest.WaitForConsoleAsync(line => line == QemuGuest.Ready, occurrence: 2);
        var foreign = await _portal.PowerAsync(gus, vm, PowerAction.Destroy);
        var bySupport = await _portal.PowerAsync(support, vm, PowerAction.Destroy);

        Assert.Equal(OperationStatus.NotFound, foreign.Status);
        Assert.Equal(OperationStatus.Forbidden, bySupport.Status);
        Assert.Equal(VmState.Running, (await (await _portal.HostAsync(QemuGuest.Uri)).GetDomainAsync(_guest.Uuid)).State);
        var audit = (await _portal.Services.AuditAsync(vm.Id)).Where(a => a.TimeUtc >= since).ToList();
        Assert.Equal(
            [
                ("alice@acme.example", AuditActions.RebootVm, AuditOutcome.Succeeded),
                ("gus@globex.example", AuditActions.ForceOffVm, AuditOutcome.Refused),
                ("support@portal.example", AuditActions.ForceOffVm, AuditOutcome.Refused),
            ],
            audit.Select(a => (a.UserName, a.Action, a.Outcome)));
        var restart = Assert.Single(await _portal.WaitForMarksAsync(vm.Id, since, 1, QemuGuest.Patience));
        Assert.Equal((VmEventKind.Restarted, audit[0].Id), (restart.Kind, restart.AuditEntryId));
        Assert.Equal(["Restarted by you"], await _portal.ChartMarksAsync(alice, vm.Id, since));
    }

    private static void AssertSucceeded(OperationOutcome outcome) =>
        Assert.True(outcome.Status == OperationStatus.Succeeded, $"Expected Succeeded, got {outcome.Status}: {outcome.Message}");
}
