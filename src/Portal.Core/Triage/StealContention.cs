using Portal.Core.Metrics;

namespace Portal.Core.Triage;

/// <summary>
/// Steal: the vCPUs waited for the host (vcpu delay) 5 % of the time or more, sustained. The VM did not run out of
/// anything; its host did. Who used the host meanwhile is <see cref="HostContention"/>'s part.
/// </summary>
public static class StealContention
{
    public const string Title = "Host contention";

    public static Finding? Detect(TriageContext ctx)
    {
        var steal = ctx.Judge(Signal.Steal, +1);
        if (steal is null) return null;
        var significant = Signal.Steal.Sensitivity.Significant;
        if (ctx.Sustained(steal.Values, v => v >= significant) is not { } run) return null;
        var onset = ctx.Grid.TimeAt(run.Onset);
        var during = RobustStats.MedianOf(steal.Values.Skip(run.Onset).Take(run.End - run.Onset + 1));
        var usual = double.IsNaN(steal.Usual) ? 0 : steal.Usual;
        var lines = Signal.Instances(ctx.Input.Incident, Metric.VcpuStealPercent)
            .Select(i => ctx.Judge(new Signal("steal:" + i, "vCPU " + i, TriageUnit.Percent, Sensitivity.Steal, s => s.Series.FirstOrDefault(x => x.Key == new SeriesKey(Metric.VcpuStealPercent, i))?.Values), 0))
            .Where(j => j is not null).Select(j => new FindingLine(j!.Signal.Label, j.Values)).ToList();
        return new Finding(FindingResource.Host, FindingKind.Cause, Title,
            $"From {ctx.Clock(onset)} the vCPUs waited for the host {TriageUnits.Format(during, TriageUnit.Percent)} of the time (steal; usually {TriageUnits.Format(usual, TriageUnit.Percent)}): the host was busy.",
            onset, [Evidence.Change("steal", usual, during, TriageUnit.Percent)],
            [new FindingChart("Steal per vCPU", TriageUnit.Percent, lines, significant, $"{significant:0} %")],
            new Recommendation(RecommendationAction.MoveVm, "Move the VM to a less busy host, or relieve its host of what keeps it busy."));
    }
}
