namespace Portal.Core.Triage;

/// <summary>
/// Host contention across a host's VMs: the VMs whose steal rose (they waited for the host) and, named, the VMs whose
/// CPU rose at the same time (what kept the host busy). A VM the viewer may not know about is never named: for a
/// customer the finding reads "the host was busy".
/// </summary>
public static class HostContention
{
    /// <summary>A rise of CPU this large (percentage points of one core) can take a host's time from others.</summary>
    public const double MinCpuRise = 25;

    public sealed record Result(Finding Finding, IReadOnlyList<int> Waiting, IReadOnlyList<int> Busy);

    /// <param name="subjectVmId">The VM the viewer is looking at: it reads as "this VM".</param>
    public static Result? Detect(IReadOnlyList<HostMember> members, TriageClock clock, string? hostName = null, int? subjectVmId = null)
    {
        var waiting = members
            .Where(m => m.Report.Findings.Any(f => f is { Resource: FindingResource.Host, Kind: FindingKind.Cause }))
            .Select(m => (Member: m, Period: StealPeriod(m.Report))).ToList();
        if (waiting.Count == 0) return null;
        var step = members[0].Report.Grid.Step;
        var busy = members
            .Select(m => (Member: m, Rise: m.Report.ChangeOf(Signal.Cpu.Id, +1)))
            .Where(x => x.Rise is { } r && r.After - r.Before >= MinCpuRise
                        && waiting.Any(w => w.Member.VmId != x.Member.VmId && x.Rise.Overlaps(w.Period, step)))
            .OrderByDescending(x => x.Rise!.After - x.Rise.Before).ToList();

        var onset = waiting.Min(w => w.Period.OnsetUtc);
        var on = hostName is null ? "On its host" : $"On {hostName}";
        var waiters = Names(waiting.Select(w => w.Member), subjectVmId);
        var evidence = busy.Where(b => b.Member.Name is not null)
            .Select(b => Evidence.Change($"{b.Member.Name} CPU", b.Rise!.Before, b.Rise.After, TriageUnit.Percent)).ToList();
        string sentence;
        if (busy.Count == 0)
            sentence = $"{on}, {waiters} waited for the host (steal) from {clock.Format(onset)}, but no VM's CPU rose with it: the host was busy with something else.";
        else if (busy.All(b => b.Member.Name is null))
            sentence = $"{on}, {waiters} waited for the host (steal) from {clock.Format(onset)}: the host was busy.";
        else
        {
            var named = busy.Where(b => b.Member.Name is not null)
                .Select(b => $"{b.Member.Name} (CPU {TriageUnits.Format(b.Rise!.Before, TriageUnit.Percent)} → {TriageUnits.Format(b.Rise.After, TriageUnit.Percent)} from {clock.Format(b.Rise.OnsetUtc)})").ToList();
            if (busy.Any(b => b.Member.Name is null)) named.Add("other VMs of the host");
            sentence = $"{on}, {waiters} waited for the host (steal) from {clock.Format(onset)} while CPU rose on {Wording.List(named)}.";
        }
        var busyNames = busy.Where(b => b.Member.Name is not null).Select(b => b.Member.Name!).ToList();
        var fix = busyNames.Count == 0
            ? "Move the VM to a less busy host, or relieve the host."
            : $"Move the waiting VM to a less busy host, or relieve the host of {Wording.List(busyNames)} (move or limit {(busyNames.Count == 1 ? "it" : "them")}).";
        var finding = new Finding(FindingResource.Host, FindingKind.Cause, StealContention.Title, sentence, onset, evidence, [],
            new Recommendation(RecommendationAction.MoveVm, fix));
        return new Result(finding, waiting.Select(w => w.Member.VmId).ToList(), busy.Select(b => b.Member.VmId).ToList());
    }

    /// <summary>When a VM waited: its steal's rise, else from the steal finding to the end of the window.</summary>
    private static SeriesChange StealPeriod(TriageReport report)
    {
        if (report.ChangeOf(Signal.Steal.Id, +1) is { } rise) return rise;
        var onset = report.Findings.First(f => f.Resource == FindingResource.Host).OnsetUtc!.Value;
        var band = new Band(0, 0, 0, 0);
        return new SeriesChange(report.Grid.IndexAt(onset), report.Grid.Points - 1, onset, report.Window.ToUtc, +1, 0, 0, 0, band);
    }

    private static string Names(IEnumerable<HostMember> members, int? subjectVmId)
    {
        var list = members.ToList();
        var names = list.Where(m => m.VmId == subjectVmId).Select(_ => "this VM")
            .Concat(list.Where(m => m.VmId != subjectVmId && m.Name is not null).Select(m => m.Name!)).ToList();
        if (list.Any(m => m.VmId != subjectVmId && m.Name is null)) names.Add(names.Count == 0 ? "VMs of the host" : "other VMs");
        return Wording.List(names);
    }
}
