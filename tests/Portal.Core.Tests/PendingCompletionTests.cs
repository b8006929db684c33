using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Ops;

namespace Portal.Core.Tests;

public class PendingCompletionTests
{
    private static readonly Guid Vm = Guid.NewGuid();

    private static DomainEvent Event(DomainEventKind kind, string? device = null, string? detail = null) =>
        new(Vm, DateTime.UtcNow, kind, device, Detail: detail);

    [Fact]
    public void A_removal_left_pending_is_completed_by_the_removal_of_its_disk_only()
    {
        const string parameters = """{"target":"vdb"}""";

        var done = PendingCompletion.For(AuditActions.DetachDisk, parameters, Event(DomainEventKind.DeviceRemoved, "vdb"));

        Assert.Equal(AuditOutcome.Succeeded, done?.Outcome);
        Assert.Contains("Disk vdb removed", done!.Summary, StringComparison.Ordinal);
        Assert.Null(PendingCompletion.For(AuditActions.DetachDisk, parameters, Event(DomainEventKind.DeviceRemoved, "vdc")));
        Assert.Null(PendingCompletion.For(AuditActions.DetachDisk, parameters, Event(DomainEventKind.DeviceAdded, "vdb")));
        Assert.Equal(AuditOutcome.Failed, PendingCompletion.For(AuditActions.DetachDisk, parameters, Event(DomainEventKind.DeviceRemovalFailed, "vdb"))?.Outcome);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"target\":3}")]
    [InlineData("not json")]
    public void Parameters_without_a_target_complete_nothing(string parameters)
    {
        Assert.Null(PendingCompletion.For(AuditActions.DetachDisk, parameters, Event(DomainEventKind.DeviceRemoved, "vdb")));
    }

    [Fact]
    public void A_shutdown_left_pending_ends_with_the_stop_and_fails_when_it_was_forced()
    {
        var guest = PendingCompletion.For(AuditActions.ShutdownVm, "{}", Event(DomainEventKind.Stopped, detail: LifecycleDetail.ShutDown));
        var forced = PendingCompletion.For(AuditActions.ShutdownVm, "{}", Event(DomainEventKind.Stopped, detail: LifecycleDetail.Destroyed));

        Assert.Equal(AuditOutcome.Succeeded, guest?.Outcome);
        Assert.Equal((AuditOutcome.Failed, null), (forced?.Outcome, forced?.Summary));
        Assert.Contains("forced off", forced!.Error, StringComparison.Ordinal);
        // The guest's own "finished shutting down" is not the end yet: the stop is.
        Assert.Null(PendingCompletion.For(AuditActions.ShutdownVm, "{}", Event(DomainEventKind.Shutdown)));
    }

    [Fact]
    public void A_reboot_left_pending_ends_with_the_guest_s_reset_or_fails_with_a_stop()
    {
        Assert.Equal(AuditOutcome.Succeeded, PendingCompletion.For(AuditActions.RebootVm, "{}", Event(DomainEventKind.Rebooted))?.Outcome);
        Assert.Equal(AuditOutcome.Failed, PendingCompletion.For(AuditActions.RebootVm, "{}", Event(DomainEventKind.Stopped, detail: LifecycleDetail.Destroyed))?.Outcome);
        Assert.Null(PendingCompletion.For(AuditActions.RebootVm, "{}", Event(DomainEventKind.Started)));
    }

    [Fact]
    public void Other_actions_are_not_completed_by_events()
    {
        Assert.Null(PendingCompletion.For(AuditActions.SetMemory, "{}", Event(DomainEventKind.Stopped)));
        Assert.Null(PendingCompletion.For(AuditActions.AttachDisk, """{"target":"vdb"}""", Event(DomainEventKind.DeviceRemoved, "vdb")));
    }
}
