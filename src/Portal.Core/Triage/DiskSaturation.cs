using Portal.Core.Hypervisor;
using Portal.Core.Metrics;

namespace Portal.Core.Triage;

/// <summary>
/// Per disk: saturation (time per request up to 20 ms or more and at least three times its usual, sustained) or
/// unusual throughput (four times its usual and at least 1 MiB/s, sustained).
/// </summary>
public static class DiskSaturation
{
    private static readonly bool[] ReadAndWrite = [false, true];

    public static IEnumerable<Finding> Detect(TriageContext ctx)
    {
        var targets = Signal.Instances(ctx.Input.Incident, Metric.DiskReadBytesPerSecond)
            .Union(Signal.Instances(ctx.Input.Incident, Metric.DiskReadLatencyMs)).Distinct().ToList();
        foreach (var target in targets)
        {
            var traffic = ctx.Judge(Signal.DiskTraffic(target), +1);
            var slow = ReadAndWrite.Select(write => ctx.Judge(Signal.DiskLatency(target, write), +1))
                .Where(j => j?.Change is { } c && c.After >= j.Signal.Sensitivity.Significant && c.After >= 3 * Math.Max(c.Before, 0.1))
                .Select(j => j!).OrderBy(j => j.Change!.OnsetUtc).ToList();
            var busy = traffic?.Change is { } t && t.After >= traffic.Signal.Sensitivity.Significant && t.After >= 4 * Math.Max(t.Before, 1) ? traffic : null;
            if (slow.Count > 0) yield return Saturated(ctx, target, slow, busy);
            else if (busy is not null) yield return Busy(ctx, target, busy);
        }
    }

    private static Finding Saturated(TriageContext ctx, string target, List<Judged> slow, Judged? busy)
    {
        var first = slow[0].Change!;
        var evidence = slow.Select(j => Evidence.Change(j.Signal.Label, j.Change!.Before, j.Change.After, j.Signal.Unit)).ToList();
        if (busy is not null) evidence.Add(Evidence.Change(busy.Signal.Label, busy.Change!.Before, busy.Change.After, busy.Signal.Unit));
        var charts = new List<FindingChart>
        {
            new("Time per request", TriageUnit.Milliseconds, slow.Select(j => new FindingLine(j.Signal.Label, j.Values)).ToList(), first.Band.High, "usual up to"),
        };
        if (busy is not null) charts.Add(Traffic(busy));
        return new Finding(FindingResource.Disk, FindingKind.Cause, $"Disk {target} saturated",
            $"From {ctx.Clock(first.OnsetUtc)} each request on {target} took {TriageUnits.Format(first.After, TriageUnit.Milliseconds)} (usually {TriageUnits.Format(first.Before, TriageUnit.Milliseconds)}): its storage could not keep up.",
            first.OnsetUtc, evidence, charts, Storage(ctx, target), target, Severity: first.After / Signal.DiskLatency(target, false).Sensitivity.Significant);
    }

    private static Finding Busy(TriageContext ctx, string target, Judged busy)
    {
        var c = busy.Change!;
        return new Finding(FindingResource.Disk, FindingKind.Cause, $"Unusual disk traffic on {target}",
            $"From {ctx.Clock(c.OnsetUtc)} {target} moved {TriageUnits.Format(c.After, TriageUnit.BytesPerSecond)} (usually {TriageUnits.Format(c.Before, TriageUnit.BytesPerSecond)}).",
            c.OnsetUtc, [Evidence.Change(busy.Signal.Label, c.Before, c.After, busy.Signal.Unit)], [Traffic(busy)], null, target,
            Severity: c.After / busy.Signal.Sensitivity.Significant);
    }

    private static FindingChart Traffic(Judged busy) =>
        new("Disk throughput", TriageUnit.BytesPerSecond, [new FindingLine(busy.Signal.Label, busy.Values)], busy.Band?.High, "usual up to");

    private static Recommendation Storage(TriageContext ctx, string target)
    {
        var disk = ctx.Vm.Disk(target);
        var direct = disk is { Cache: DiskCache.None or DiskCache.Directsync, Io: DiskIo.Native or DiskIo.IoUring };
        var text = disk is null || direct
            ? $"Move {target} to a faster storage location."
            : $"Move {target} to a faster storage location, or change its cache/io mode (it has cache={Name(disk.Cache)} io={Name(disk.Io)}; cache=none io=native avoids the host's page cache and its threads).";
        return new Recommendation(RecommendationAction.FasterStorage, text);
    }

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
