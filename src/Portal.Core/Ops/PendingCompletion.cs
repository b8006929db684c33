using System.Text.Json;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;

namespace Portal.Core.Ops;

/// <summary>How a host event ends an operation that was left pending: its outcome, the summary customers read, the error.</summary>
public sealed record Completion(AuditOutcome Outcome, string? Summary, string? Error = null);

/// <summary>
/// Operations that gave up waiting for the guest (a disk it had not released, a shutdown or reboot it had not done
/// within the grace period) are completed by the host's event when it comes, as it happened.
/// </summary>
public static class PendingCompletion
{
    /// <summary>
    /// What <paramref name="e"/> makes of a pending audit entry of <paramref name="action"/> with
    /// <paramref name="parameters"/> (its JSON), or null when the event does not concern it.
    /// </summary>
    public static Completion? For(string action, string parameters, DomainEvent e) => (action, e.Kind) switch
    {
        (AuditActions.DetachDisk, DomainEventKind.DeviceRemoved) when Target(parameters) is { } t && t == e.Device =>
            new(AuditOutcome.Succeeded, $"Disk {t} removed (the guest released it after the wait)"),
        (AuditActions.DetachDisk, DomainEventKind.DeviceRemovalFailed) when Target(parameters) is { } t && t == e.Device =>
            new(AuditOutcome.Failed, null, $"The guest refused to release {t}; the disk stays attached."),
        (AuditActions.ShutdownVm, DomainEventKind.Stopped) when e.Detail == LifecycleDetail.Destroyed =>
            new(AuditOutcome.Failed, null, "The guest did not shut down; the VM was forced off."),
        (AuditActions.ShutdownVm, DomainEventKind.Stopped) => new(AuditOutcome.Succeeded, "Shut down (the guest powered off after the wait)"),
        (AuditActions.RebootVm, DomainEventKind.Rebooted) => new(AuditOutcome.Succeeded, "Rebooted (the guest restarted after the wait)"),
        (AuditActions.RebootVm, DomainEventKind.Stopped) => new(AuditOutcome.Failed, null, "The VM stopped before the guest rebooted."),
        (AuditActions.StartVm, DomainEventKind.Started) => new(AuditOutcome.Succeeded, "Started"),
        (AuditActions.ForceOffVm, DomainEventKind.Stopped) => new(AuditOutcome.Succeeded, "Forced off"),
        _ => null,
    };

    /// <summary>The disk a removal was asked for, from its audit parameters (<c>{"target":"vdb"}</c>).</summary>
    private static string? Target(string parameters)
    {
        try
        {
            using var json = JsonDocument.Parse(parameters);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("target", out var t) &&
                   t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
