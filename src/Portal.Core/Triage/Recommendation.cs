namespace Portal.Core.Triage;

public enum RecommendationAction
{
    RaiseMemory,
    AddVcpus,
    MoveVm,
    FasterStorage,
    /// <summary>Nothing of the VM's resources to change: the network, the application or the guest.</summary>
    LookElsewhere,
}

/// <summary>
/// The fix for a cause, with its numbers: the memory to set and whether that needs a restart (above the maximum), or
/// the vCPUs to have.
/// </summary>
public sealed record Recommendation(RecommendationAction Action, string Text, long? MemoryKiB = null, bool NeedsRestart = false, int? Vcpus = null,
    string? AlreadyDone = null);
