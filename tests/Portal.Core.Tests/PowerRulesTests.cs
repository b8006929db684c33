using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;

namespace Portal.Core.Tests;

public class PowerRulesTests
{
    [Theory]
    [InlineData(PowerAction.Start, VmState.ShutOff)]
    [InlineData(PowerAction.Shutdown, VmState.Running)]
    [InlineData(PowerAction.Shutdown, VmState.Blocked)]
    [InlineData(PowerAction.Reboot, VmState.Running)]
    [InlineData(PowerAction.Destroy, VmState.Running)]
    [InlineData(PowerAction.Destroy, VmState.Paused)]
    [InlineData(PowerAction.Destroy, VmState.ShuttingDown)]
    [InlineData(PowerAction.Destroy, VmState.Crashed)]
    [InlineData(PowerAction.Destroy, VmState.Suspended)]
    public void An_action_that_fits_the_state_is_not_refused(PowerAction action, VmState state)
    {
        Assert.Null(PowerRules.Refusal(action, state, "web-1"));
        Assert.True(PowerRules.Fits(action, state));
    }

    [Theory]
    [InlineData(PowerAction.Start, VmState.Running, "web-1 is already running.")]
    [InlineData(PowerAction.Start, VmState.ShuttingDown, "web-1 is already running.")]
    [InlineData(PowerAction.Start, VmState.Paused, "web-1 is paused, not shut off: there is nothing to start.")]
    [InlineData(PowerAction.Shutdown, VmState.ShutOff, "web-1 is not running.")]
    [InlineData(PowerAction.Reboot, VmState.ShutOff, "web-1 is not running.")]
    [InlineData(PowerAction.Destroy, VmState.ShutOff, "web-1 is already shut off.")]
    [InlineData(PowerAction.Shutdown, VmState.Paused, "web-1 is paused: a paused guest cannot answer the power button. Force it off instead.")]
    [InlineData(PowerAction.Reboot, VmState.ShuttingDown, "web-1 is already shutting down. Force it off if it does not finish.")]
    [InlineData(PowerAction.Reboot, VmState.Crashed, "web-1 has crashed: force it off, then start it.")]
    [InlineData(PowerAction.Destroy, VmState.Unknown, "The host does not say what state web-1 is in, so nothing was asked of it.")]
    public void An_action_that_does_not_fit_the_state_is_refused_with_a_message_naming_the_vm(PowerAction action, VmState state, string message)
    {
        Assert.Equal(message, PowerRules.Refusal(action, state, "web-1"));
        Assert.False(PowerRules.Fits(action, state));
    }

    [Fact]
    public void Every_action_and_state_has_an_answer()
    {
        foreach (var action in PowerRules.All)
        foreach (var state in Enum.GetValues<VmState>())
            Assert.True(PowerRules.Fits(action, state) || PowerRules.Refusal(action, state, "x")!.Length > 0);
    }

    [Fact]
    public void Each_action_is_confirmed_by_its_own_event_of_its_own_domain()
    {
        var uuid = Guid.NewGuid();
        DomainEvent Event(DomainEventKind kind) => new(uuid, DateTime.UtcNow, kind);

        Assert.True(PowerRules.Confirms(PowerAction.Start, uuid, Event(DomainEventKind.Started)));
        Assert.True(PowerRules.Confirms(PowerAction.Reboot, uuid, Event(DomainEventKind.Rebooted)));
        Assert.True(PowerRules.Confirms(PowerAction.Shutdown, uuid, Event(DomainEventKind.Stopped)));
        Assert.True(PowerRules.Confirms(PowerAction.Destroy, uuid, Event(DomainEventKind.Stopped)));
        // The guest's "finished shutting down" comes before the domain has stopped.
        Assert.False(PowerRules.Confirms(PowerAction.Shutdown, uuid, Event(DomainEventKind.Shutdown)));
        Assert.False(PowerRules.Confirms(PowerAction.Reboot, uuid, Event(DomainEventKind.Started)));
        Assert.False(PowerRules.Confirms(PowerAction.Start, Guid.NewGuid(), Event(DomainEventKind.Started)));
    }

    [Fact]
    public void The_state_shows_a_start_or_stop_but_never_a_reboot()
    {
        Assert.True(PowerRules.ShownByState(PowerAction.Start, VmState.Running));
        Assert.True(PowerRules.ShownByState(PowerAction.Shutdown, VmState.ShutOff));
        Assert.True(PowerRules.ShownByState(PowerAction.Destroy, VmState.ShutOff));
        Assert.False(PowerRules.ShownByState(PowerAction.Shutdown, VmState.Running));
        Assert.False(PowerRules.ShownByState(PowerAction.Reboot, VmState.Running));
    }

    [Fact]
    public void A_stop_is_caused_by_a_shutdown_or_a_forced_stop_as_the_host_says()
    {
        var uuid = Guid.NewGuid();
        DomainEvent Stopped(string? detail) => new(uuid, DateTime.UtcNow, DomainEventKind.Stopped, Detail: detail);

        Assert.Equal([AuditActions.ShutdownVm], PowerRules.ActionsCausing(Stopped(LifecycleDetail.ShutDown)));
        Assert.Equal([AuditActions.ForceOffVm], PowerRules.ActionsCausing(Stopped(LifecycleDetail.Destroyed)));
        Assert.Equal([AuditActions.ShutdownVm, AuditActions.ForceOffVm], PowerRules.ActionsCausing(Stopped(null)));
        Assert.Empty(PowerRules.ActionsCausing(Stopped(LifecycleDetail.Crashed)));
        Assert.Equal([AuditActions.StartVm], PowerRules.ActionsCausing(new DomainEvent(uuid, DateTime.UtcNow, DomainEventKind.Started)));
        Assert.Equal([AuditActions.RebootVm], PowerRules.ActionsCausing(new DomainEvent(uuid, DateTime.UtcNow, DomainEventKind.Rebooted)));
        Assert.Empty(PowerRules.ActionsCausing(new DomainEvent(uuid, DateTime.UtcNow, DomainEventKind.DeviceAdded, "vdb")));
    }

    [Fact]
    public void Each_action_has_its_audit_name_among_the_power_actions()
    {
        Assert.Equal(AuditActions.Power, PowerRules.All.Select(PowerRules.AuditAction));
        Assert.All(AuditActions.Power, a => Assert.Contains(a, AuditActions.VmOperations));
        Assert.Equal(["start", "shutdown", "reboot", "force-off"], PowerRules.All.Select(PowerRules.Key));
    }
}
