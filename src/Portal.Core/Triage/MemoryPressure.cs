namespace Portal.Core.Triage;

/// <summary>
/// Out of memory: swap activity or major faults rising from near zero, or usable memory near zero, sustained. The
/// onset is the earliest of these, or the climb of memory use that led to them. Without balloon statistics memory is
/// unknown (said so), not fine.
/// </summary>
public static class MemoryPressure
{
    public const string Title = "Out of memory";

    public static Finding Detect(TriageContext ctx)
    {
        var used = ctx.Judge(Signal.MemoryUsed, +1);
        var swapOut = ctx.Judge(Signal.SwapOut, +1);
        var swapIn = ctx.Judge(Signal.SwapIn, +1);
        var faults = ctx.Judge(Signal.MajorFaults, +1);
        if (used is null && swapOut is null && swapIn is null && faults is null)
            return new Finding(FindingResource.Memory, FindingKind.Unknown, "Memory unknown",
                "The host sees no memory statistics for this VM (no virtio balloon driver reporting them), so its memory use and swapping cannot be judged: unknown, not fine.",
                null, [], []);

        var allocation = ctx.Values(Signal.MemoryAllocation);
        var available = ctx.Values(Signal.MemoryAvailable);
        var usableLow = used is null ? null : UsableLow(ctx, used.Values, available ?? allocation);
        var rising = new[] { swapOut, swapIn, faults }
            .Where(j => j?.Change is { } c && c.After >= j.Signal.Sensitivity.Significant).Select(j => j!).ToList();
        if (rising.Count == 0 && usableLow is null) return Clear(used, allocation);

        var onsets = rising.Select(j => j.Change!.OnsetUtc).ToList();
        if (usableLow is { } low) onsets.Add(ctx.Grid.TimeAt(low.Onset));
        var pressure = onsets.Min();
        // Use that climbed until it ran out is where the shortage began.
        if (used?.Change is { } climb && climb.OnsetUtc <= pressure) onsets.Add(climb.OnsetUtc);
        var onset = onsets.Min();
        var onsetIndex = ctx.Grid.IndexAt(onset);

        var allocationThen = Near(allocation, onsetIndex) ?? ctx.Vm.MemoryKiB;
        var maximumThen = Near(ctx.Values(Signal.MemoryMaximum), onsetIndex) ?? ctx.Vm.MaxMemoryKiB;
        var peakUsed = used?.Values.Where(v => !float.IsNaN(v)).DefaultIfEmpty(0).Max() ?? allocationThen;
        var swapped = Swapped(ctx, swapOut);

        var evidence = new List<Evidence>();
        var clauses = new List<string>();
        if (used is not null)
        {
            evidence.Add(new Evidence("memory used", used.Usual, peakUsed, TriageUnit.KiB,
                $"memory used: {Usual(used)} → {TriageUnits.Format(peakUsed, TriageUnit.KiB)} at most, of {TriageUnits.Format(allocationThen, TriageUnit.KiB)}"));
            clauses.Add($"its use climbed to {TriageUnits.Format(peakUsed, TriageUnit.KiB)} of {TriageUnits.Format(allocationThen, TriageUnit.KiB)}");
        }
        foreach (var j in rising)
        {
            evidence.Add(Evidence.Change(j.Signal.Label, j.Change!.Before, j.Change.After, j.Signal.Unit));
            // Swap in follows swap out: the sentence names it only when it rose alone.
            if (j == swapIn && rising.Contains(swapOut!)) continue;
            clauses.Add($"{j.Signal.Label} rose to {TriageUnits.Format(j.Change.After, j.Signal.Unit)} from {ctx.Clock(j.Change.OnsetUtc)} (usually {TriageUnits.Format(j.Change.Before, j.Signal.Unit)})");
        }
        if (usableLow is { } lowRun)
        {
            evidence.Add(new Evidence("usable memory", null, null, TriageUnit.KiB, $"usable memory near zero from {ctx.Clock(ctx.Grid.TimeAt(lowRun.Onset))}"));
            clauses.Add($"usable memory was near zero from {ctx.Clock(ctx.Grid.TimeAt(lowRun.Onset))}");
        }
        if (swapped > 0) evidence.Add(Evidence.Level("swapped out in the window", swapped, TriageUnit.KiB));

        var recommendation = Recommend(ctx, peakUsed, swapped, allocationThen, maximumThen);
        var severity = rising.Select(j => j.Change!.After / j.Signal.Sensitivity.Significant).Append(usableLow is null ? 1 : 10).Max();
        return new Finding(FindingResource.Memory, FindingKind.Cause, Title,
            $"The VM ran short of memory from {ctx.Clock(onset)}: {Wording.List(clauses)}.",
            onset, evidence, Charts(used, allocation, swapOut, swapIn), recommendation, Severity: severity);
    }

    private static Recommendation Recommend(TriageContext ctx, double peakUsed, double swapped, double allocationThen, double maximumThen)
    {
        var target = MemorySizing.Recommend(peakUsed, swapped, (long)allocationThen);
        var restart = target > maximumThen;
        var basis = swapped > 0
            ? $"peak use {TriageUnits.Format(peakUsed, TriageUnit.KiB)} plus {TriageUnits.Format(swapped, TriageUnit.KiB)} swapped out, with a quarter to spare"
            : $"peak use {TriageUnits.Format(peakUsed, TriageUnit.KiB)}, with a quarter to spare";
        var how = restart
            ? $"above its maximum of {TriageUnits.Format(maximumThen, TriageUnit.KiB)} at the time, so the maximum goes up too and the VM needs a restart"
            : $"within its maximum of {TriageUnits.Format(maximumThen, TriageUnit.KiB)}, so it applies live";
        var done = ctx.Vm.MemoryKiB >= target ? $"The VM has {TriageUnits.Format(ctx.Vm.MemoryKiB, TriageUnit.KiB)} now." : null;
        return new Recommendation(RecommendationAction.RaiseMemory,
            $"Raise memory to {TriageUnits.Format(target, TriageUnit.KiB)} ({basis}): {how}.", target, restart, AlreadyDone: done);
    }

    private static Finding Clear(Judged? used, float[]? allocation)
    {
        var peak = used?.Values.Where(v => !float.IsNaN(v)).DefaultIfEmpty(float.NaN).Max() ?? float.NaN;
        var size = allocation?.Where(v => !float.IsNaN(v)).DefaultIfEmpty(float.NaN).Max() ?? float.NaN;
        var use = float.IsNaN(peak) ? "" : $"{TriageUnits.Format(peak, TriageUnit.KiB)} used at most" + (float.IsNaN(size) ? "" : $" of {TriageUnits.Format(size, TriageUnit.KiB)}") + ", ";
        return new Finding(FindingResource.Memory, FindingKind.Clear, "Memory sufficient", $"Memory: {use}no swapping to speak of.", null, [], []);
    }

    /// <summary>Usable memory (what the guest has minus what it uses) at or under 64 MiB or 2.5 %, sustained.</summary>
    private static (int Onset, int End)? UsableLow(TriageContext ctx, float[] used, float[]? total)
    {
        if (total is null) return null;
        var low = new float[used.Length];
        for (var i = 0; i < used.Length; i++)
        {
            var t = i < total.Length ? total[i] : float.NaN;
            low[i] = float.IsNaN(used[i]) || float.IsNaN(t) ? float.NaN : t - used[i] <= Math.Max(NearZeroKiB, NearZeroShare * t) ? 1 : 0;
        }
        return ctx.Sustained(low, v => v > 0.5f);
    }

    private const double NearZeroKiB = 64 * 1024;
    private const double NearZeroShare = 0.025;

    /// <summary>KiB pushed out to swap beyond the usual trickle, over the window.</summary>
    private static double Swapped(TriageContext ctx, Judged? swapOut)
    {
        if (swapOut is null) return 0;
        var usual = double.IsNaN(swapOut.Usual) ? 0 : swapOut.Usual;
        return swapOut.Values.Where(v => !float.IsNaN(v)).Sum(v => Math.Max(0, v - usual)) * ctx.Grid.Step.TotalSeconds;
    }

    /// <summary>The value at <paramref name="index"/>, else the nearest one before it, else after it.</summary>
    private static double? Near(float[]? values, int index)
    {
        if (values is null) return null;
        for (var i = Math.Min(index, values.Length - 1); i >= 0; i--) if (!float.IsNaN(values[i])) return values[i];
        for (var i = index; i < values.Length; i++) if (!float.IsNaN(values[i])) return values[i];
        return null;
    }

    private static string Usual(Judged j) => double.IsNaN(j.Usual) ? "unknown before" : TriageUnits.Format(j.Usual, j.Signal.Unit) + " usually";

    private static List<FindingChart> Charts(Judged? used, float[]? allocation, Judged? swapOut, Judged? swapIn)
    {
        var charts = new List<FindingChart>();
        var memory = new[] { (used?.Values, "used"), (allocation, "allocation") }.Where(x => x.Item1 is not null).Select(x => new FindingLine(x.Item2, x.Item1!)).ToList();
        if (memory.Count > 0) charts.Add(new FindingChart("Memory", TriageUnit.KiB, memory, used?.Band?.High, "usual use up to"));
        var swap = new[] { (swapOut, "swap out"), (swapIn, "swap in") }.Where(x => x.Item1 is not null).Select(x => new FindingLine(x.Item2, x.Item1!.Values)).ToList();
        if (swap.Count > 0) charts.Add(new FindingChart("Swap activity", TriageUnit.KiBPerSecond, swap, swapOut?.Band?.High, "usual up to"));
        return charts;
    }
}
