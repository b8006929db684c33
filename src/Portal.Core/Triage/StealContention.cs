using Portal.Core.Metrics;

namespace Portal.Core.Triage;

/// <summary>
/// Steal: the vCPUs waited for the host (vcpu delay) 5 % of the time or more, sustained, where they usually did not
/// (a host that is always this busy is no news of the window). The VM did not run out of anything; its host did. Who
/// used the host meanwhile is <see cref="HostContention"/>'s part.
/// </summary>
public static class StealContention
{
    public const string Title = "Host contention";

    public static Finding? Detect(TriageContext ctx)
    {
        var steal = ctx.Judge(Signal.Steal, +1);
        var significant = Signal.Steal.Sensitivity.Significant;
        if (steal?.Change is not { } rise || rise.After < significant) return null;
        var onset = rise.OnsetUtc;
        var during = rise.After;
        var usual = double.IsNaN(steal.Usual) ? 0 : steal.Usual;
        var lines = Signal.Instances(ctx.Input.Incident, Metric.VcpuStealPercent)
            .Select(i => (Name: "vCPU " + i, Values: ctx.Input.Incident.Series.FirstOrDefault(x => x.Key == new SeriesKey(Metric.VcpuStealPercent, i))?.Values))
            .Where(x => x.Values is not null).Select(x => new FindingLine(x.Name, x.Values!)).ToList();
        return new Finding(FindingResource.Host, FindingKind.Cause, Title,
            $"From {ctx.Clock(onset)} the vCPUs waited for the host {TriageUnits.Format(during, TriageUnit.Percent)} of the time (steal; usually {TriageUnits.Format(usual, TriageUnit.Percent)}): the host was busy.",
            onset, [Evidence.Change("steal", usual, during, TriageUnit.Percent)],
            [new FindingChart("Steal per vCPU", TriageUnit.Percent, lines, significant, $"{significant:0} %")],
            new Recommendation(RecommendationAction.MoveVm, "Move the VM to a less busy host, or relieve its host of what keeps it busy."),
            Severity: during / significant);
    }
}
