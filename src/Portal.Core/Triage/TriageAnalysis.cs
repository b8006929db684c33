using Portal.Core.Metrics;

namespace Portal.Core.Triage;

/// <summary>
/// One VM's triage: every detector over the window against its baselines, then cause before symptom. Pure: the
/// caller reads the series, events and changes (cut to what the viewer may see) and hands them in.
/// </summary>
public static class TriageAnalysis
{
    public static TriageReport Analyze(TriageInput input)
    {
        var ctx = new TriageContext(input);
        if (!input.Incident.Series.Any(s => s.Values.Any(v => !float.IsNaN(v)))) return NoData(ctx);
        var found = new List<Finding> { MemoryPressure.Detect(ctx) };
        var cpu = CpuSaturation.Detect(ctx);
        if (cpu is not null) found.Add(cpu);
        if (StealContention.Detect(ctx) is { } steal) found.Add(steal);
        found.AddRange(DiskSaturation.Detect(ctx));
        found.AddRange(NetworkCollapse.Detect(ctx));
        found.AddRange(VmHistory.Detect(ctx));

        var focus = found.Where(f => f.IsProblem).Select(f => f.OnsetUtc).Min();
        if (cpu is null && CpuSaturation.Clear(ctx, focus) is { } clear) found.Add(clear);
        found.AddRange(Ordinary(ctx, found));

        // Judged for ranking and host contention even where no finding came of them.
        ctx.Judge(Signal.Cpu, +1);
        ctx.Judge(Signal.MemoryUsed, +1);
        foreach (var mac in Signal.Instances(input.Incident, Metric.NetTxBytesPerSecond)) ctx.Judge(Signal.NetTraffic(mac), 0);
        foreach (var disk in Signal.Instances(input.Incident, Metric.DiskReadBytesPerSecond)) ctx.Judge(Signal.DiskTraffic(disk), 0);

        var findings = CauseOrder.Arrange(ctx, found);
        var changes = ctx.Changes.ToList();
        var score = 10 * findings.Count(f => f.IsProblem) + changes.Select(c => Math.Min(10, c.Change.Size)).DefaultIfEmpty(0).Max();
        var baselines = input.Baselines.Select(b => b.Kind).Distinct().ToList();
        return new TriageReport(input.Window, ctx.Grid, CauseOrder.Summarize(ctx.Clocks, baselines, findings), findings, baselines, changes, score);
    }

    /// <summary>The report with its host-contention finding told with what the host's other VMs did (see <see cref="HostContention"/>).</summary>
    public static TriageReport WithHost(TriageReport report, Finding contention, TimeZoneInfo zone)
    {
        var findings = report.Findings
            .Select(f => f is { Resource: FindingResource.Host, Kind: FindingKind.Cause } own
                ? contention with { OnsetUtc = own.OnsetUtc, Charts = own.Charts, Evidence = [.. own.Evidence, .. contention.Evidence], Severity = own.Severity }
                : f)
            .ToList();
        var clock = new TriageClock(zone, report.Window.Span);
        return report with { Findings = findings, Summary = CauseOrder.Summarize(clock, report.Baselines, findings) };
    }

    private static TriageReport NoData(TriageContext ctx)
    {
        var finding = new Finding(FindingResource.Vm, FindingKind.Event, "No data",
            "There are no samples of this VM in this window (it was off, not yet collected, or not yours then): nothing to judge.", null, [], []);
        return new TriageReport(ctx.Input.Window, ctx.Grid, "No samples in this window: nothing to judge.", [finding], [], [], 0);
    }

    /// <summary>Disks and NICs that stayed ordinary, said once each (the story's "disk I/O was ordinary").</summary>
    private static IEnumerable<Finding> Ordinary(TriageContext ctx, IReadOnlyList<Finding> found)
    {
        var set = ctx.Input.Incident;
        if (Signal.Instances(set, Metric.DiskReadBytesPerSecond).Count > 0 && !found.Any(f => f.Resource == FindingResource.Disk))
            yield return new Finding(FindingResource.Disk, FindingKind.Clear, "Disk I/O ordinary", "Disk I/O was ordinary: no disk slower or busier than usual.", null, [], []);
        if (Signal.Instances(set, Metric.NetTxBytesPerSecond).Count > 0 && !found.Any(f => f.Resource == FindingResource.Network))
            yield return new Finding(FindingResource.Network, FindingKind.Clear, "Network ordinary", "Network traffic was ordinary: no collapse, no errors.", null, [], []);
    }
}
