namespace Portal.Core.Triage;

/// <summary>
/// A VM's triage for one window: the findings, causes and symptoms first by onset, then what happened, then what
/// stayed within range; a one-sentence summary; which baselines it was compared with; and how much the VM changed
/// (for ranking a host's or tenant's VMs).
/// </summary>
public sealed record TriageReport(
    TriageWindow Window,
    TimeGrid Grid,
    string Summary,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<BaselineKind> Baselines,
    IReadOnlyList<SignalChange> Changes,
    double ChangeScore)
{
    /// <summary>Nothing ran out, nothing collapsed.</summary>
    public bool Quiet => !Findings.Any(f => f.IsProblem);

    /// <summary>The first cause by onset: what the summary names.</summary>
    public Finding? PrimaryCause => Findings.FirstOrDefault(f => f.Kind == FindingKind.Cause);

    /// <summary>The change of one signal ("cpu", "steal", …) in a direction (+1 a rise, -1 a fall), if it changed so.</summary>
    public SeriesChange? ChangeOf(string signal, int direction) =>
        Changes.Where(c => c.Signal == signal && c.Change.Direction == direction).Select(c => c.Change).OrderBy(c => c.OnsetUtc).FirstOrDefault();
}

/// <summary>A signal (a series or a sum of them, e.g. "net:52:54:00:…") and how it changed in the window.</summary>
public sealed record SignalChange(string Signal, string Label, TriageUnit Unit, SeriesChange Change);
