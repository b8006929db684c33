using Portal.Core.Inventory;
using Portal.Core.Metrics;

namespace Portal.Core.Triage;

/// <summary>
/// Everything one VM's triage looks at, already cut to what the viewer may see: the window's series, each baseline's
/// series (same length, so the same resolution), the VM's lifecycle events and portal changes in the window, and the
/// viewer's time zone for the sentences.
/// </summary>
public sealed record TriageInput(
    TriageWindow Window,
    VmFacts Vm,
    SeriesSet Incident,
    IReadOnlyList<Baseline> Baselines,
    IReadOnlyList<VmEvent> Events,
    IReadOnlyList<PortalChange> Changes,
    TimeZoneInfo Zone);

public sealed record Baseline(BaselineKind Kind, SeriesSet Set);
