using System.Security.Claims;
using Microsoft.Extensions.Options;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;
using Portal.Core.Units;

namespace Portal.Web.Features.Ops;

/// <summary>
/// Start, shut down (the ACPI power button), reboot and force off, each confirmed by the host's event: a start by
/// the domain's start, a shutdown or forced stop by its stop, a reboot by the guest's reset. A guest that has not
/// answered within <see cref="OpsOptions.ShutdownGrace"/> leaves the action pending (the page then offers a forced
/// stop), and the host's event completes it when it comes. Customers may power their own VMs
/// (<see cref="OpsOptions.CustomersMayPower"/>).
/// </summary>
public sealed class PowerOperations(OperationRunner runner, IOptions<OpsOptions> options, TimeProvider time)
{
    /// <summary>How long a start or a forced stop, which the host does on its own, waits for the host's event.</summary>
    private static readonly TimeSpan HostEventWait = TimeSpan.FromSeconds(30);

    private readonly OpsOptions _options = options.Value;

    /// <summary>Whether the page offers power actions to <paramref name="user"/>; every request is decided again on the server.</summary>
    public bool MayPower(ClaimsPrincipal user, Vm vm) => vm.Present && runner.Decide(user, ChangeKind.Power, vm.TenantId).Allowed;

    /// <summary>How long the guest has to answer a shutdown or reboot before the page offers a forced stop.</summary>
    public TimeSpan ShutdownGrace => _options.ShutdownGrace;

    public Task<OperationOutcome> RunAsync(ClaimsPrincipal user, Vm vm, PowerAction action, Guid? operationId, CancellationToken cancellationToken)
    {
        if (!PowerRules.All.Contains(action))
            return Task.FromResult(OperationOutcome.Invalid([new("action", "Choose start, shut down, reboot or force off.")]));
        var request = new OperationRequest(user, vm, PowerRules.AuditAction(action), new { action = PowerRules.Key(action) }, operationId, ChangeKind.Power);
        return runner.RunAsync(request, async context =>
        {
            if (PowerRules.Refusal(action, context.Domain.State, vm.Name) is { } refusal) return await context.RefuseAsync([new("action", refusal)]);

            // Watching before asking: the event can come before the call returns.
            using var watch = new DomainEventWatch(context.Host, e => PowerRules.Confirms(action, vm.Uuid, e));
            await context.BeginAsync();
            await context.Host.PowerAsync(vm.Uuid, action, context.HostToken);
            var wait = PowerRules.AsksTheGuest(action) ? _options.ShutdownGrace : HostEventWait;
            if (await watch.WaitAsync(wait, time, context.HostToken) is not null || await ShownByStateAsync(context, action))
                return await DoneAsync(context, action);

            var pending = await context.CompleteAsync(OperationStatus.Pending, NotYet(action, vm.Name, wait), PendingSummary(action, wait));
            // The answer may have come while that was written, before the recorder could see the entry as pending.
            return await watch.WaitAsync(TimeSpan.Zero, time) is not null || await ShownByStateAsync(context, action)
                ? await DoneAsync(context, action)
                : pending;
        }, cancellationToken);
    }

    private static Task<OperationOutcome> DoneAsync(OperationContext context, PowerAction action) =>
        context.CompleteAsync(OperationStatus.Succeeded, Done(action, context.Vm.Name), Summary(action));

    /// <summary>For an event that was missed: what the host's state shows (nothing, for a reboot).</summary>
    private static async Task<bool> ShownByStateAsync(OperationContext context, PowerAction action) =>
        action != PowerAction.Reboot && PowerRules.ShownByState(action, (await context.Host.GetDomainAsync(context.Vm.Uuid, context.HostToken)).State);

    /// <summary>What customers read in the VM's changes.</summary>
    private static string Summary(PowerAction action) => action switch
    {
        PowerAction.Start => "Started",
        PowerAction.Shutdown => "Shut down",
        PowerAction.Reboot => "Rebooted",
        _ => "Forced off",
    };

    private static string Done(PowerAction action, string vm) => action switch
    {
        PowerAction.Start => $"{vm} is running: its host reported the start.",
        PowerAction.Shutdown => $"{vm} is shut down: the guest powered off.",
        PowerAction.Reboot => $"{vm} rebooted: its host reported the guest's restart.",
        _ => $"{vm} is off: it was forced off.",
    };

    private static string NotYet(PowerAction action, string vm, TimeSpan wait) => action switch
    {
        PowerAction.Shutdown => $"{vm} was asked to shut down {Duration.Describe(wait)} ago and is still running: the guest has not answered the power button. " +
                                "Wait longer, or force it off (like pulling the plug: what the guest has not written to disk is lost).",
        PowerAction.Reboot => $"{vm} was asked to reboot {Duration.Describe(wait)} ago and has not restarted: the guest has not answered the power button. " +
                              "Wait longer, or force it off and start it again.",
        _ => $"The host accepted the request but has not reported that {vm} is {(action == PowerAction.Start ? "running" : "off")} within {Duration.Describe(wait)}. " +
             "The page follows when it does.",
    };

    private static string PendingSummary(PowerAction action, TimeSpan wait) => action switch
    {
        PowerAction.Shutdown => $"Shutdown requested; the guest was still running after {Duration.Describe(wait)}",
        PowerAction.Reboot => $"Reboot requested; the guest had not restarted after {Duration.Describe(wait)}",
        PowerAction.Start => "Start requested; the host had not reported it yet",
        _ => "Forced stop requested; the host had not reported it yet",
    };
}
