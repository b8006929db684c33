namespace Portal.Core.Triage;

/// <summary>
/// Cause before symptom. Causes and symptoms are ordered by onset; causes that began together (within
/// <see cref="Together"/>: a sample or two cannot tell which came first) are ordered by how far each went past its
/// threshold. A symptom is explained by the first such cause (or a crash, stop or pause) at or before its onset, and
/// one with nothing before it says that no resource of the VM ran out. Disk trouble that starts while the VM is out of
/// memory is its swap traffic: a symptom too. Then come the events and portal changes by time, then what stayed
/// within range.
/// </summary>
public static class CauseOrder
{
    public const string NothingRanOut = "No resource of the VM ran out before it: look at the network or the application.";

    /// <summary>Causes whose onsets are this close began together: two samples, and at least two minutes.</summary>
    public static TimeSpan Together(TimeGrid grid) => grid.Step * 2 > TimeSpan.FromMinutes(2) ? grid.Step * 2 : TimeSpan.FromMinutes(2);

    public static IReadOnlyList<Finding> Arrange(TriageContext ctx, IEnumerable<Finding> findings)
    {
        var all = findings.ToList();
        var memory = all.FirstOrDefault(f => f is { Kind: FindingKind.Cause, Resource: FindingResource.Memory });
        if (memory is not null)
        {
            for (var i = 0; i < all.Count; i++)
                if (all[i] is { Kind: FindingKind.Cause, Resource: FindingResource.Disk } disk && disk.OnsetUtc >= memory.OnsetUtc)
                    all[i] = disk with
                    {
                        Kind = FindingKind.Symptom,
                        CausedBy = memory.Title,
                        Sentence = $"{disk.Sentence} The VM was swapping from {ctx.Clock(memory.OnsetUtc!.Value)}: this is its swap traffic, a symptom of the memory shortage.",
                        Recommendation = null,
                    };
        }

        var lead = Leads(all.Where(f => f.Kind == FindingKind.Cause), Together(ctx.Grid));
        var causes = all.Where(f => f.Kind == FindingKind.Cause).OrderBy(f => lead[f]).ThenByDescending(f => f.Severity).ThenBy(f => f.OnsetUtc).ToList();
        var interruptions = all.Where(f => f.Kind == FindingKind.Event && VmHistory.Interrupts(f.Title)).OrderBy(f => f.OnsetUtc).ToList();
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i] is not { Kind: FindingKind.Symptom, CausedBy: null } symptom) continue;
            var cause = causes.FirstOrDefault(c => c.OnsetUtc <= symptom.OnsetUtc);
            var stop = interruptions.FirstOrDefault(e => e.OnsetUtc <= symptom.OnsetUtc);
            all[i] = cause is not null
                ? symptom with
                {
                    CausedBy = cause.Title,
                    Sentence = $"{symptom.Sentence} A symptom of the {Wording.Noun(cause)} that began at {ctx.Clock(cause.OnsetUtc!.Value)}.",
                }
                : stop is not null
                    ? symptom with { CausedBy = stop.Title, Sentence = $"{symptom.Sentence} It followed the VM's {Wording.Inline(stop.Title)} at {ctx.Clock(stop.OnsetUtc!.Value)}." }
                    : symptom with
                    {
                        Sentence = $"{symptom.Sentence} {NothingRanOut}",
                        Recommendation = new Recommendation(RecommendationAction.LookElsewhere,
                            "Look at the network (the host's link, firewalls, what is upstream) or at the application in the guest: the VM had memory, CPU and disk to spare."),
                    };
        }

        var order = Leads(all.Where(f => f.Kind == FindingKind.Cause), Together(ctx.Grid));
        return all.Where(f => f.IsProblem)
            .OrderBy(f => order.TryGetValue(f, out var group) ? group : f.OnsetUtc).ThenBy(f => f.Kind).ThenByDescending(f => f.Severity).ThenBy(f => f.OnsetUtc)
            .Concat(all.Where(f => f.Kind is FindingKind.Event or FindingKind.Change).OrderBy(f => f.OnsetUtc))
            .Concat(all.Where(f => f.Kind is FindingKind.Clear or FindingKind.Unknown).OrderBy(f => f.Resource))
            .ToList();
    }

    /// <summary>Each cause with the onset of the first cause it began together with.</summary>
    private static Dictionary<Finding, DateTime?> Leads(IEnumerable<Finding> causes, TimeSpan together)
    {
        var leads = new Dictionary<Finding, DateTime?>(ReferenceEqualityComparer.Instance);
        DateTime? group = null;
        foreach (var cause in causes.OrderBy(c => c.OnsetUtc))
        {
            if (group is null || cause.OnsetUtc - group > together) group = cause.OnsetUtc;
            leads[cause] = group;
        }
        return leads;
    }

    /// <summary>The report in one sentence: the first cause, what followed from it and its fix; or the unexplained symptom; or quiet.</summary>
    public static string Summarize(TriageClock clock, IReadOnlyList<BaselineKind> baselines, IReadOnlyList<Finding> findings)
    {
        if (findings.FirstOrDefault(f => f.Kind == FindingKind.Cause) is { } primary)
        {
            var followed = findings.Where(f => f.Kind == FindingKind.Symptom && f.CausedBy == primary.Title)
                .Select(f => $"the {Wording.Inline(f.Title)} at {clock.Format(f.OnsetUtc!.Value)}").Distinct().ToList();
            var text = $"{primary.Title} from {clock.Format(primary.OnsetUtc!.Value)}" + (followed.Count == 0 ? "." : $"; {Wording.List(followed)} followed from it.");
            return primary.Recommendation is { } fix ? $"{text} {fix.Text}" : text;
        }
        if (findings.FirstOrDefault(f => f is { Kind: FindingKind.Symptom, CausedBy: null }) is { } unexplained)
            return $"{unexplained.Title} at {clock.Format(unexplained.OnsetUtc!.Value)}. {NothingRanOut}";
        if (findings.FirstOrDefault(f => f.Kind == FindingKind.Symptom) is { } explained)
            return $"{explained.Title} at {clock.Format(explained.OnsetUtc!.Value)}, after the VM's {Wording.Inline(explained.CausedBy!)}.";
        var compared = baselines.Count == 0
            ? "there was no earlier data to compare with, so only absolute limits were checked"
            : "compared with " + Wording.List(baselines.Select(BaselineWindow.Describe).ToList());
        var unknown = findings.Any(f => f.Kind == FindingKind.Unknown) ? " Memory could not be judged (no balloon statistics)." : "";
        return $"Nothing unusual in this window: every resource the host can see stayed within its usual range ({compared}).{unknown}";
    }
}
