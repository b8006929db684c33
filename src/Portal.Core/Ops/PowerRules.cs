using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;

namespace Portal.Core.Ops;

/// <summary>
/// Power actions: which fit a VM's state (the host's, read when the action is asked), which host event shows each
/// has taken effect, and how each is named to people and in the audit trail.
/// </summary>
public static class PowerRules
{
    public static readonly IReadOnlyList<PowerAction> All = [PowerAction.Start, PowerAction.Shutdown, PowerAction.Reboot, PowerAction.Destroy];

    /// <summary>Why <paramref name="action"/> does not fit a VM in <paramref name="state"/>, or null when it does.</summary>
    public static string? Refusal(PowerAction action, VmState state, string vmName) => (action, state) switch
    {
        (_, VmState.Unknown) => $"The host does not say what state {vmName} is in, so nothing was asked of it.",
        (PowerAction.Start, VmState.ShutOff) => null,
        (PowerAction.Start, VmState.Paused or VmState.Suspended) => $"{vmName} is paused, not shut off: there is nothing to start.",
        (PowerAction.Start, _) => $"{vmName} is already running.",
        (_, VmState.ShutOff) => action == PowerAction.Destroy ? $"{vmName} is already shut off." : $"{vmName} is not running.",
        (PowerAction.Destroy, _) => null,
        (_, VmState.Running or VmState.Blocked) => null,
        (_, VmState.Paused or VmState.Suspended) => $"{vmName} is paused: a paused guest cannot answer the power button. Force it off instead.",
        (_, VmState.ShuttingDown) => $"{vmName} is already shutting down. Force it off if it does not finish.",
        (_, VmState.Crashed) => $"{vmName} has crashed: force it off, then start it.",
        _ => $"{vmName} is {state}: {Name(action).ToLowerInvariant()} does not apply.",
    };

    public static bool Fits(PowerAction action, VmState state) => Refusal(action, state, "") is null;

    /// <summary>The host event that shows <paramref name="action"/> has taken effect on the domain <paramref name="uuid"/>.</summary>
    public static bool Confirms(PowerAction action, Guid uuid, DomainEvent e) => e.Uuid == uuid && e.Kind == action switch
    {
        PowerAction.Start => DomainEventKind.Started,
        PowerAction.Reboot => DomainEventKind.Rebooted,
        _ => DomainEventKind.Stopped,
    };

    /// <summary>Whether the host's state alone shows the action done (for when its event was missed); a reboot leaves no trace there.</summary>
    public static bool ShownByState(PowerAction action, VmState state) => action switch
    {
        PowerAction.Start => state is VmState.Running or VmState.Blocked,
        PowerAction.Shutdown or PowerAction.Destroy => state == VmState.ShutOff,
        _ => false,
    };

    /// <summary>Whether the action asks the guest (the ACPI power button) and so may have to wait for it.</summary>
    public static bool AsksTheGuest(PowerAction action) => action is PowerAction.Shutdown or PowerAction.Reboot;

    public static string Name(PowerAction action) => action switch
    {
        PowerAction.Start => "Start",
        PowerAction.Shutdown => "Shut down",
        PowerAction.Reboot => "Reboot",
        PowerAction.Destroy => "Force off",
        _ => action.ToString(),
    };

    /// <summary>The word in the audit parameters and the URL-safe id of the action.</summary>
    public static string Key(PowerAction action) => action switch
    {
        PowerAction.Start => "start",
        PowerAction.Shutdown => "shutdown",
        PowerAction.Reboot => "reboot",
        PowerAction.Destroy => "force-off",
        _ => action.ToString().ToLowerInvariant(),
    };

    public static string AuditAction(PowerAction action) => action switch
    {
        PowerAction.Start => AuditActions.StartVm,
        PowerAction.Shutdown => AuditActions.ShutdownVm,
        PowerAction.Reboot => AuditActions.RebootVm,
        PowerAction.Destroy => AuditActions.ForceOffVm,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>
    /// The power actions through the portal that can have caused <paramref name="e"/>: a start a Started, a reboot the
    /// guest's reset, a shutdown the guest's own stop, a forced stop the host's (either, when the host does not say).
    /// </summary>
    public static IReadOnlyList<string> ActionsCausing(DomainEvent e) => e.Kind switch
    {
        DomainEventKind.Started => [AuditActions.StartVm],
        DomainEventKind.Rebooted => [AuditActions.RebootVm],
        DomainEventKind.Stopped => e.Detail switch
        {
            LifecycleDetail.ShutDown => [AuditActions.ShutdownVm],
            LifecycleDetail.Destroyed => [AuditActions.ForceOffVm],
            null => [AuditActions.ShutdownVm, AuditActions.ForceOffVm],
            _ => [],
        },
        _ => [],
    };
}
