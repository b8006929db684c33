using Portal.Core.Inventory;

namespace Portal.Core.Triage;

/// <summary>
/// What happened to the VM in the window: lifecycle events (a crash is a cause; a restart, start or stop is an
/// event), stretches without samples, and changes made through the portal.
/// </summary>
public static class VmHistory
{
    /// <summary>Two missing samples or more in a row, between samples, is a gap worth saying.</summary>
    public const int MinGap = 2;

    public static IEnumerable<Finding> Detect(TriageContext ctx)
    {
        var window = ctx.Input.Window;
        foreach (var e in ctx.Input.Events.Where(e => e.TimeUtc >= window.FromUtc && e.TimeUtc < window.ToUtc).OrderBy(e => e.TimeUtc))
        {
            if (Describe(e.Kind) is not { } title) continue;
            var kind = e.Kind == VmEventKind.Crashed ? FindingKind.Cause : FindingKind.Event;
            var sentence = e.Kind == VmEventKind.Crashed
                ? $"The VM crashed at {ctx.Clock(e.TimeUtc)}{Detail(e)}."
                : $"{title} at {ctx.Clock(e.TimeUtc)}{Detail(e)}.";
            yield return new Finding(FindingResource.Vm, kind, title, sentence, e.TimeUtc, [], [], Severity: kind == FindingKind.Cause ? 100 : 1);
        }
        foreach (var gap in Gaps(ctx))
            yield return new Finding(FindingResource.Vm, FindingKind.Event, "No data",
                $"No samples from {ctx.Clock(gap.From)} to {ctx.Clock(gap.To)}: the collector could not read the VM (its host unreachable, or the VM off).",
                gap.From, [], []);
        foreach (var c in ctx.Input.Changes.Where(c => c.TimeUtc >= window.FromUtc && c.TimeUtc < window.ToUtc).OrderBy(c => c.TimeUtc))
            yield return new Finding(FindingResource.Vm, FindingKind.Change, "Changed through the portal",
                $"{ctx.Clock(c.TimeUtc)}: {c.Summary}{(c.User is null ? "" : $", by {c.User}")}{(c.Succeeded ? "" : " (it did not succeed)")}.",
                c.TimeUtc, [], []);
    }

    /// <summary>Events that stop a VM serving (for explaining a collapse that follows them).</summary>
    public static bool Interrupts(string title) => title is "Crashed" or "Shut down" or "Paused";

    private static string? Describe(VmEventKind kind) => kind switch
    {
        VmEventKind.Crashed => "Crashed",
        VmEventKind.Restarted => "Restarted",
        VmEventKind.Stopped => "Shut down",
        VmEventKind.Started => "Started",
        VmEventKind.Paused => "Paused",
        VmEventKind.Resumed => "Resumed",
        _ => null,
    };

    private static string Detail(VmEvent e) => string.IsNullOrWhiteSpace(e.Detail) ? "" : $" ({e.Detail.TrimEnd('.')})";

    /// <summary>Stretches where no series has a value, between the first and the last sample of the window.</summary>
    private static IEnumerable<(DateTime From, DateTime To)> Gaps(TriageContext ctx)
    {
        var series = ctx.Input.Incident.Series;
        if (series.Count == 0) yield break;
        var points = ctx.Grid.Points;
        var has = new bool[points];
        foreach (var s in series)
            for (var i = 0; i < Math.Min(points, s.Values.Length); i++) has[i] |= !float.IsNaN(s.Values[i]);
        var first = Array.IndexOf(has, true);
        var last = Array.LastIndexOf(has, true);
        for (var i = first + 1; first >= 0 && i < last; i++)
        {
            if (has[i]) continue;
            var end = i;
            while (!has[end]) end++;
            if (end - i >= MinGap) yield return (ctx.Grid.TimeAt(i), ctx.Grid.TimeAt(end));
            i = end;
        }
    }
}
