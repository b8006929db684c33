using Portal.Core.Metrics;

namespace Portal.Core.Triage;

/// <summary>
/// Per NIC: a collapse (traffic down to a quarter of its usual level or less, sustained, from a level worth speaking
/// of) and errors or drops rising from none. Both are symptoms; what explains them is decided with the causes.
/// </summary>
public static class NetworkCollapse
{
    public const string Title = "Network collapse";
    public const double Fallen = 0.25;

    public static IEnumerable<Finding> Detect(TriageContext ctx)
    {
        var macs = Signal.Instances(ctx.Input.Incident, Metric.NetRxBytesPerSecond)
            .Union(Signal.Instances(ctx.Input.Incident, Metric.NetTxBytesPerSecond)).ToList();
        foreach (var mac in macs)
        {
            var device = macs.Count > 1 ? mac : null;
            var on = device is null ? "" : $" on {mac}";
            var traffic = ctx.Judge(Signal.NetTraffic(mac), -1);
            if (traffic?.Change is { } c && c.Before >= traffic.Signal.Sensitivity.Significant && c.After <= Fallen * c.Before)
            {
                yield return new Finding(FindingResource.Network, FindingKind.Symptom, Title,
                    $"Network traffic{on} fell {Wording.Drop(c.Before, c.After)} at {ctx.Clock(c.OnsetUtc)}, from {TriageUnits.Format(c.Before, TriageUnit.BytesPerSecond)} to {TriageUnits.Format(c.After, TriageUnit.BytesPerSecond)}.",
                    c.OnsetUtc, [Evidence.Change(traffic.Signal.Label, c.Before, c.After, TriageUnit.BytesPerSecond)],
                    [new FindingChart("Network traffic", TriageUnit.BytesPerSecond, Lines(ctx, mac), c.Band.Low, "usual from")], null, device);
            }
            var errors = ctx.Judge(Signal.NetErrors(mac), +1);
            if (errors?.Change is { } e && e.After >= errors.Signal.Sensitivity.Significant)
            {
                yield return new Finding(FindingResource.Network, FindingKind.Symptom, "Network errors",
                    $"Packets{on} failed or were dropped from {ctx.Clock(e.OnsetUtc)}: {TriageUnits.Format(e.After, TriageUnit.PerSecond)} (usually {TriageUnits.Format(e.Before, TriageUnit.PerSecond)}).",
                    e.OnsetUtc, [Evidence.Change(errors.Signal.Label, e.Before, e.After, TriageUnit.PerSecond)],
                    [new FindingChart("Errors and drops", TriageUnit.PerSecond, [new FindingLine("errors + drops", errors.Values)], e.Band.High, "usual up to")], null, device);
            }
        }
    }

    private static List<FindingLine> Lines(TriageContext ctx, string mac) =>
        new[] { (Metric.NetRxBytesPerSecond, "rx"), (Metric.NetTxBytesPerSecond, "tx") }
            .Select(x => (x.Item2, Values: ctx.Input.Incident.Series.FirstOrDefault(s => s.Key == new SeriesKey(x.Item1, mac))?.Values))
            .Where(x => x.Values is not null).Select(x => new FindingLine(x.Item1, x.Values!)).ToList();
}
