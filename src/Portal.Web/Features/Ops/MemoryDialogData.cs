using Portal.Core.Inventory;
using Portal.Core.Ops;

namespace Portal.Web.Features.Ops;

/// <summary>The VM's memory as the memory dialog starts from it; <see cref="HostError"/> when the host could not be asked.</summary>
public sealed record MemoryDialogData(Vm Vm, VmState State, long CurrentKiB, long MaxKiB, long? GuestUsedKiB, string? HostError = null);

/// <summary>What a size would do: the plan, the errors, a warning when it is below what the guest uses.</summary>
public sealed record MemoryCheck(MemoryPlan? Plan, IReadOnlyList<ValidationError> Errors, string? Warning, bool Running)
{
    public string? ErrorFor(string field) => Errors.MessageFor(field);

    /// <summary>Above the maximum on a running VM: the operator must choose a restart now or at the next start.</summary>
    public bool NeedsRestart => Plan?.Kind == MemoryPlanKind.ConfigAndRestart && Running;
}
