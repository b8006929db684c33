namespace Portal.Core.Ops;

public enum MemoryPlanKind
{
    /// <summary>Within the maximum: the balloon moves on the running VM, no restart.</summary>
    Live,
    /// <summary>Above the maximum: the maximum must be raised in the config, which applies at the next start.</summary>
    ConfigAndRestart,
}

public sealed record MemoryPlan(MemoryPlanKind Kind, long TargetKiB, long NewMaxKiB);
