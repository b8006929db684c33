using Portal.Core.Metrics;

namespace Portal.Core.Triage;

/// <summary>
/// CPU saturation: the VM near vCPUs x 100 % or any vCPU at 90 % or more, sustained. Its absence is said plainly with
/// the level ("4 vCPUs at ~25 %, none saturated"), over the part of the window where things went wrong.
/// </summary>
public static class CpuSaturation
{
    public const double Saturated = 90;

    /// <summary>A saturation cause, or null (then <see cref="Clear"/> says how busy the vCPUs were).</summary>
    public static Finding? Detect(TriageContext ctx)
    {
        var vcpus = Vcpus(ctx);
        var cpuValues = ctx.Values(Signal.Cpu);
        var capacity = Math.Max(1, ctx.Vm.Vcpus) * 100.0;
        var whole = cpuValues is null ? null : ctx.Sustained(cpuValues, v => v >= Saturated / 100 * capacity);
        var single = vcpus.Select(v => (Vcpu: v, Run: ctx.Sustained(v.Values, x => x >= Saturated))).Where(x => x.Run is not null).ToList();
        if (whole is null && single.Count == 0) return null;

        var onsetIndex = Math.Min(whole?.Onset ?? int.MaxValue, single.Count == 0 ? int.MaxValue : single.Min(x => x.Run!.Value.Onset));
        var onset = ctx.Grid.TimeAt(onsetIndex);
        var allBusy = whole is not null || single.Count == vcpus.Count;
        var cpu = ctx.Judge(Signal.Cpu, 0);
        var evidence = new List<Evidence>();
        if (cpu is not null) evidence.Add(Level(cpu, "CPU of the VM", whole?.Onset ?? onsetIndex, $" of {capacity:0} %"));
        evidence.AddRange(single.Select(x => Level(ctx.Judge(x.Vcpu.Signal, 0)!, x.Vcpu.Signal.Label, x.Run!.Value.Onset)));
        var charts = Charts(ctx, cpuValues, vcpus, capacity);

        if (allBusy)
        {
            var more = ctx.Vm.Vcpus * 2;
            return new Finding(FindingResource.Cpu, FindingKind.Cause, "CPU saturated",
                $"The VM used its {ctx.Vm.Vcpus} vCPUs to the full from {ctx.Clock(onset)}.", onset, evidence, charts,
                new Recommendation(RecommendationAction.AddVcpus,
                    $"Give it more vCPUs: {ctx.Vm.Vcpus} → {more} (it used all it had, so what it really needs is above that).", Vcpus: more), Severity: 5);
        }
        var names = Wording.List(single.Select(x => x.Vcpu.Signal.Label).ToList());
        var (what, fix) = single.Count == 1
            ? ("one busy thread", "More vCPUs do not help one busy thread: look at what runs on it in the application (or give it a faster CPU).")
            : ($"{single.Count} busy threads", $"More vCPUs help only if the application spreads its work wider: its {single.Count} busiest threads had a vCPU each, and the other vCPUs had time to spare.");
        return new Finding(FindingResource.Cpu, FindingKind.Cause, "CPU saturated",
            $"{names} ran at {Saturated:0} % or more from {ctx.Clock(onset)} while the others had time to spare: {what}.", onset, evidence, charts,
            new Recommendation(RecommendationAction.LookElsewhere, fix), Severity: 2);
    }

    /// <summary>"4 vCPUs at ~25 %, none saturated", over the window from <paramref name="focusUtc"/> (where things went wrong).</summary>
    public static Finding? Clear(TriageContext ctx, DateTime? focusUtc)
    {
        var vcpus = Vcpus(ctx);
        var cpu = ctx.Values(Signal.Cpu);
        if (vcpus.Count == 0 && cpu is null) return null;
        var from = focusUtc is { } f ? ctx.Grid.IndexAt(f) : 0;
        var samples = vcpus.Count > 0
            ? vcpus.SelectMany(v => v.Values.Skip(from))
            : cpu!.Skip(from).Select(v => v / Math.Max(1, ctx.Vm.Vcpus));
        var level = RobustStats.MedianOf(samples);
        var highest = vcpus.SelectMany(v => v.Values.Skip(from)).Where(v => !float.IsNaN(v)).DefaultIfEmpty(float.NaN).Max();
        var count = vcpus.Count > 0 ? vcpus.Count : ctx.Vm.Vcpus;
        var sentence = $"{count} vCPU{(count == 1 ? "" : "s")} at ~{Round(level)} %, none saturated"
            + (float.IsNaN(highest) ? "" : $" (the busiest reached {TriageUnits.Format(highest, TriageUnit.Percent)})");
        if (ctx.Judge(Signal.Cpu, -1)?.Change is { } fall && (focusUtc is null || fall.OnsetUtc >= focusUtc))
            sentence += $"; CPU even fell at {ctx.Clock(fall.OnsetUtc)}, from {TriageUnits.Format(fall.Before, TriageUnit.Percent)} to {TriageUnits.Format(fall.After, TriageUnit.Percent)}";
        var evidence = new List<Evidence> { Evidence.Level("vCPU level", Round(level), TriageUnit.Percent, " (median)") };
        return new Finding(FindingResource.Cpu, FindingKind.Clear, "CPU not saturated", sentence + ".", null, evidence,
            Charts(ctx, cpu, vcpus, Math.Max(1, ctx.Vm.Vcpus) * 100.0));
    }

    private static List<(Signal Signal, float[] Values)> Vcpus(TriageContext ctx) =>
        Signal.Instances(ctx.Input.Incident, Metric.VcpuPercent).Select(Signal.Vcpu)
            .Select(s => (Signal: s, Values: ctx.Values(s))).Where(x => x.Values is not null).Select(x => (x.Signal, x.Values!)).ToList();

    private static double Round(double level) => double.IsNaN(level) ? 0 : level >= 10 ? Math.Round(level / 5) * 5 : Math.Round(level);

    private static Evidence Level(Judged j, string label, int from, string? suffix = null)
    {
        var during = RobustStats.MedianOf(j.Values.Skip(from));
        return double.IsNaN(j.Usual)
            ? Evidence.Level(label, during, TriageUnit.Percent, suffix)
            : new Evidence(label, j.Usual, during, TriageUnit.Percent, $"{label}: {TriageUnits.Format(j.Usual, TriageUnit.Percent)} → {TriageUnits.Format(during, TriageUnit.Percent)}{suffix}");
    }

    private static IReadOnlyList<FindingChart> Charts(TriageContext ctx, float[]? cpu, List<(Signal Signal, float[] Values)> vcpus, double capacity)
    {
        var lines = vcpus.Select(v => new FindingLine(v.Signal.Label, v.Values)).ToList();
        if (cpu is not null) lines.Insert(0, new FindingLine("VM on its node", cpu));
        return lines.Count == 0 ? [] : [new FindingChart("CPU", TriageUnit.Percent, lines, capacity, $"{ctx.Vm.Vcpus} vCPUs = {capacity:0} %")];
    }
}
