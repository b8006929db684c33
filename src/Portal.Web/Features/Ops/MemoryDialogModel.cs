using Portal.Core.Inventory;
using Portal.Core.Ops;

namespace Portal.Web.Features.Ops;

/// <summary>The memory dialog: the VM's memory now, the plan for the size typed in, and any warning or error.</summary>
public sealed record MemoryDialogModel(
    Vm Vm,
    MemoryForm Form,
    VmState State,
    long CurrentKiB,
    long MaxKiB,
    long? GuestUsedKiB,
    MemoryPlan? Plan,
    IReadOnlyList<ValidationError> Errors,
    string? Warning,
    string? HostError = null)
{
    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;

    public bool NeedsRestart => Plan?.Kind == MemoryPlanKind.ConfigAndRestart && State == VmState.Running;
}
