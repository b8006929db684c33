using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;
using Portal.Core.Tenancy;
using Portal.Simulator;
using Portal.Web.Features.Ops;

namespace Portal.Web.Tests.Ops;

/// <summary>The demo portal with the shortest grace a guest gets to answer the power button, and a short removal wait.</summary>
public sealed class PowerPortal : PortalFactory
{
    public PowerPortal() => Settings = new Dictionary<string, string>
    {
        ["Portal:Ops:ShutdownGrace"] = "00:00:05",
        ["Portal:Ops:DetachWait"] = "00:00:02",
    };
}

/// <summary>
/// Power actions end to end through the service the VM page calls, on the demo's simulated hosts (whose guests answer
/// the power button as real ones do, a moment later): confirmed by the host's events, audited, and marked on the
/// charts with who did it.
/// </summary>
public sealed class PowerFlowTests(PowerPortal portal) : IClassFixture<PowerPortal>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Each_action_is_confirmed_by_the_host_audited_and_marked_once_with_who_did_it()
    {
        var ops = await portal.UserAsync("ops@portal.example");
        var alice = await portal.UserAsync("alice@acme.example");
        var vm = await portal.VmAsync(ops, "shop-cache-01");
        var since = DateTime.UtcNow;

        AssertSucceeded(await portal.PowerAsync(ops, vm, PowerAction.Reboot));
        AssertSucceeded(await portal.PowerAsync(ops, vm, PowerAction.Shutdown));
        var off = await portal.WaitForPageAsync(ops, vm.Id, v => v.State == VmState.ShutOff, Patience, "the VM shut off");
        AssertSucceeded(await portal.PowerAsync(ops, off, PowerAction.Start));
        await portal.WaitForPageAsync(ops, vm.Id, v => v.State == VmState.Running, Patience, "the VM running");
        AssertSucceeded(await portal.PowerAsync(ops, vm, PowerAction.Destroy));
        await portal.WaitForPageAsync(ops, vm.Id, v => v.State == VmState.ShutOff, Patience, "the VM forced off");

        var audit = (await portal.Services.AuditAsync(vm.Id)).Where(a => a.TimeUtc >= since).ToList();
        Assert.Equal(
            [
                (AuditActions.RebootVm, AuditOutcome.Succeeded, "Rebooted"), (AuditActions.ShutdownVm, AuditOutcome.Succeeded, "Shut down"),
                (AuditActions.StartVm, AuditOutcome.Succeeded, "Started"), (AuditActions.ForceOffVm, AuditOutcome.Succeeded, "Forced off"),
            ],
            audit.Select(a => (a.Action, a.Outcome, a.Summary)));
        Assert.All(audit, a => Assert.Equal("ops@portal.example", a.UserName));
        // One mark per host event, each caused by its own audit entry: one stop for a shutdown (not Shutdown and Stopped).
        var events = await portal.WaitForMarksAsync(vm.Id, since, 4, Patience);
        Assert.Equal([VmEventKind.Restarted, VmEventKind.Stopped, VmEventKind.Started, VmEventKind.Stopped], events.Select(e => e.Kind));
        Assert.Equal(audit.Select(a => (long?)a.Id), events.Select(e => e.AuditEntryId));
        Assert.Equal([null, "clean shutdown", null, "forced off"], events.Select(e => e.Detail));
        // The charts say who: staff read the account, the VM's customer reads the operations team.
        Assert.Equal(["Restarted by ops@portal.example", "Stopped by ops@portal.example", "Started by ops@portal.example", "Stopped by ops@portal.example"],
            await portal.ChartMarksAsync(ops, vm.Id, since));
        Assert.All(await portal.ChartMarksAsync(alice, vm.Id, since), mark => Assert.EndsWith("by " + EventActor.Staff, mark, StringComparison.Ordinal));

        AssertSucceeded(await portal.PowerAsync(ops, vm, PowerAction.Start));
    }

    [Fact]
    public async Task A_customer_powers_their_own_vm_another_tenant_s_is_not_found_and_support_is_refused_all_audited()
    {
        var alice = await portal.UserAsync("alice@acme.example");
        var gus = await portal.UserAsync("gus@globex.example");
        var support = await portal.UserAsync("support@portal.example");
        var ops = await portal.UserAsync("ops@portal.example");
        var vm = await portal.VmAsync(alice, "shop-web-02");
        var since = DateTime.UtcNow;

        var own = await portal.PowerAsync(alice, vm, PowerAction.Reboot);
        // The page would never show gus this VM; a request for it all the same is answered as for one that does not exist.
        var foreign = await portal.PowerAsync(gus, vm, PowerAction.Reboot);
        var bySupport = await portal.PowerAsync(support, vm, PowerAction.Reboot);

        AssertSucceeded(own);
        Assert.Equal((OperationStatus.NotFound, ChangePolicy.NotFound), (foreign.Status, foreign.Message));
        Assert.Equal(OperationStatus.Forbidden, bySupport.Status);
        Assert.StartsWith(ChangePolicy.PowerReserved, bySupport.Message, StringComparison.Ordinal);
        Assert.Null(await portal.FindVmAsync(gus, vm.Id));
        var audit = (await portal.Services.AuditAsync(vm.Id)).Where(a => a.TimeUtc >= since).ToList();
        Assert.Equal(
            [
                ("alice@acme.example", AuditOutcome.Succeeded, (string?)null),
                ("gus@globex.example", AuditOutcome.Refused, ChangePolicy.NotFound),
                ("support@portal.example", AuditOutcome.Refused, ChangePolicy.PowerReserved),
            ],
            audit.Select(a => (a.UserName, a.Outcome, a.Error)));
        Assert.All(audit, a => Assert.Equal(AuditActions.RebootVm, a.Action));
        // Only alice's reboot happened, and her page's charts say it was her.
        var restart = Assert.Single(await portal.WaitForMarksAsync(vm.Id, since, 1, Patience));
        Assert.Equal(audit[0].Id, restart.AuditEntryId);
        Assert.Equal(["Restarted by you"], await portal.ChartMarksAsync(alice, vm.Id, since));
        Assert.Equal(["Restarted by alice@acme.example"], await portal.ChartMarksAsync(ops, vm.Id, since));
    }

    [Fact]
    public async Task An_action_that_does_not_fit_the_state_is_refused_with_a_message_and_asks_nothing_of_the_host()
    {
        var ops = await portal.UserAsync("ops@portal.example");
        var running = await portal.VmAsync(ops, "initech-git-01");
        var off = await portal.VmAsync(ops, "globex-report-01");
        var since = DateTime.UtcNow;

        var start = await portal.PowerAsync(ops, running, PowerAction.Start);
        var shutdown = await portal.PowerAsync(ops, off, PowerAction.Shutdown);

        Assert.Equal(OperationStatus.Invalid, start.Status);
        Assert.Equal("initech-git-01 is already running.", Assert.Single(start.Errors).Message);
        Assert.Equal("globex-report-01 is not running.", Assert.Single(shutdown.Errors).Message);
        var refused = (await portal.Services.AuditAsync(running.Id)).Last();
        Assert.Equal((AuditActions.StartVm, AuditOutcome.Refused, "initech-git-01 is already running."), (refused.Action, refused.Outcome, refused.Error));
        Assert.Equal(VmState.Running, (await (await portal.HostAsync("sim://node-c")).GetDomainAsync(running.Uuid)).State);
        Assert.Empty(await portal.Services.EventsAsync(running.Id, since));
        Assert.Empty(await portal.Services.EventsAsync(off.Id, since));
    }

    [Fact]
    public async Task A_shutdown_the_guest_does_not_answer_stays_pending_and_the_forced_stop_offered_then_ends_it()
    {
        var ops = await portal.UserAsync("ops@portal.example");
        var vm = await portal.VmAsync(ops, "initech-ci-01");
        var host = (SimulatedHost)await portal.HostAsync("sim://node-c");
        host.SetGuestIgnoresPowerButton(vm.Uuid, true);
        var since = DateTime.UtcNow;

        var shutdown = await portal.PowerAsync(ops, vm, PowerAction.Shutdown);

        Assert.Equal(OperationStatus.Pending, shutdown.Status);
        Assert.Contains("still running", shutdown.Message, StringComparison.Ordinal);
        Assert.Contains("force it off", shutdown.Message, StringComparison.Ordinal);
        var pending = (await portal.Services.AuditAsync(vm.Id)).Last();
        Assert.Equal((AuditActions.ShutdownVm, AuditOutcome.Pending), (pending.Action, pending.Outcome));
        Assert.StartsWith("Shutdown requested; the guest was still running after 5 s", pending.Summary, StringComparison.Ordinal);

        AssertSucceeded(await portal.PowerAsync(ops, vm, PowerAction.Destroy));

        // The stop the forced stop caused ends the shutdown too: it did not happen as asked.
        var ended = await portal.WaitForCompletionAsync(vm.Id, pending.Id, Patience);
        Assert.Equal(AuditOutcome.Failed, ended.Outcome);
        Assert.Contains("forced off", ended.Error, StringComparison.Ordinal);
        var stop = Assert.Single(await portal.WaitForMarksAsync(vm.Id, since, 1, Patience));
        var forced = (await portal.Services.AuditAsync(vm.Id)).Last(a => a.Action == AuditActions.ForceOffVm);
        Assert.Equal((VmEventKind.Stopped, forced.Id), (stop.Kind, stop.AuditEntryId));

        host.SetGuestIgnoresPowerButton(vm.Uuid, false);
        AssertSucceeded(await portal.PowerAsync(ops, vm, PowerAction.Start));
    }

    [Fact]
    public async Task A_removal_left_pending_completes_its_audit_entry_when_the_guest_releases_the_disk_later()
    {
        var ops = await portal.UserAsync("ops@portal.example");
        var vm = await portal.VmAsync(ops, "globex-etl-01");
        var host = (SimulatedHost)await portal.HostAsync("sim://node-b");
        host.SetGuestIgnoresUnplug(vm.Uuid, true);
        var since = DateTime.UtcNow;

        var removal = await portal.DetachAsync(ops, vm, "vdc");
        Assert.Equal(OperationStatus.Pending, removal.Status);
        var entry = (await portal.Services.AuditAsync(vm.Id)).Last();
        Assert.Equal((AuditActions.DetachDisk, AuditOutcome.Pending), (entry.Action, entry.Outcome));

        host.SetGuestIgnoresUnplug(vm.Uuid, false);

        var completed = await portal.WaitForCompletionAsync(vm.Id, entry.Id, Patience);
        Assert.Equal((AuditOutcome.Succeeded, "Disk vdc removed (the guest released it after the wait)"), (completed.Outcome, completed.Summary));
        await portal.WaitForPageAsync(ops, vm.Id, v => v.Disks.All(d => d.Target != "vdc"), Patience, "vdc gone");
        var mark = Assert.Single(await portal.WaitForMarksAsync(vm.Id, since, 1, Patience));
        Assert.Equal((VmEventKind.DiskRemoved, "vdc"), (mark.Kind, mark.Detail));
    }

    [Fact]
    public async Task A_portal_that_keeps_power_to_staff_refuses_customers_and_records_it()
    {
        await using var staffOnly = new PortalFactory { Settings = new Dictionary<string, string> { ["Portal:Ops:CustomersMayPower"] = "false" } };
        var alice = await staffOnly.UserAsync("alice@acme.example");
        var vm = await staffOnly.VmAsync(alice, "shop-web-01");

        var outcome = await staffOnly.PowerAsync(alice, vm, PowerAction.Reboot);

        Assert.Equal(OperationStatus.Forbidden, outcome.Status);
        Assert.StartsWith(ChangePolicy.PowerStaffOnly, outcome.Message, StringComparison.Ordinal);
        var entry = (await staffOnly.Services.AuditAsync(vm.Id)).Last();
        Assert.Equal((AuditActions.RebootVm, AuditOutcome.Refused, "alice@acme.example"), (entry.Action, entry.Outcome, entry.UserName));
        Assert.False(staffOnly.Services.CreateScope().ServiceProvider.GetRequiredService<PowerOperations>().MayPower(alice, vm));
    }

    private static void AssertSucceeded(OperationOutcome outcome) =>
        Assert.True(outcome.Status == OperationStatus.Succeeded, $"Expected Succeeded, got {outcome.Status}: {outcome.Message}");
}
