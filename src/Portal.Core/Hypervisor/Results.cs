namespace Portal.Core.Hypervisor;

public enum DetachOutcome
{
    Removed,
    /// <summary>The host accepted the request but the guest has not released the device within the wait.</summary>
    PendingInGuest,
    Failed,
}

public sealed record DetachResult(DetachOutcome Outcome, string? Message);

public enum MemoryChangeOutcome
{
    AppliedLive,
    /// <summary>The target is above the domain's maximum: it needs a config change and a power cycle.</summary>
    NeedsRestart,
}

public sealed record MemoryChangeResult(MemoryChangeOutcome Outcome, long CurrentKiB, long MaxMemoryKiB);

public enum PowerAction { Start, Shutdown, Reboot, Destroy }
