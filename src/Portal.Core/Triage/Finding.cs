namespace Portal.Core.Triage;

/// <summary>What a finding is about, in the USE spirit: a resource of the VM, its host, or the VM's own life.</summary>
public enum FindingResource
{
    Memory,
    Cpu,
    Host,
    Disk,
    Network,
    Vm,
}

public enum FindingKind
{
    /// <summary>A resource that ran out (or a crash): it explains what came after it.</summary>
    Cause,
    /// <summary>What people noticed (the network fell, errors): explained by a cause before it, or by none.</summary>
    Symptom,
    /// <summary>Something that happened to the VM in the window (restart, no data).</summary>
    Event,
    /// <summary>A change made through the portal in the window.</summary>
    Change,
    /// <summary>A resource that stayed within its range, said plainly ("none saturated").</summary>
    Clear,
    /// <summary>A resource the host cannot see for this VM (no balloon statistics): unknown, not fine.</summary>
    Unknown,
}

/// <param name="CausedBy">For a symptom: the title of the cause before it, or null when no resource of the VM ran out.</param>
/// <param name="Device">The disk target or NIC MAC, when the finding is about one device.</param>
/// <param name="Severity">How far past its threshold a problem went (1 just past it): orders causes that began together.</param>
public sealed record Finding(
    FindingResource Resource,
    FindingKind Kind,
    string Title,
    string Sentence,
    DateTime? OnsetUtc,
    IReadOnlyList<Evidence> Evidence,
    IReadOnlyList<FindingChart> Charts,
    Recommendation? Recommendation = null,
    string? Device = null,
    string? CausedBy = null,
    double Severity = 1)
{
    public bool IsProblem => Kind is FindingKind.Cause or FindingKind.Symptom;
}
