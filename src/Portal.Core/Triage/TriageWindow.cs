namespace Portal.Core.Triage;

/// <summary>
/// The stretch of time under investigation, [From, To), and the stretches it is compared with: the same length right
/// before it, and the same hours one day and one week earlier (each only where it does not reach into the window).
/// </summary>
public sealed record TriageWindow(DateTime FromUtc, DateTime ToUtc)
{
    public static readonly TimeSpan DefaultBefore = TimeSpan.FromHours(2);
    public static readonly TimeSpan DefaultAfter = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan MinSpan = TimeSpan.FromMinutes(10);

    public TimeSpan Span => ToUtc - FromUtc;

    /// <summary>"Problem at 20:50": from <paramref name="before"/> before it to <paramref name="after"/> after it (2 h and 30 min).</summary>
    public static TriageWindow Around(DateTime problemUtc, TimeSpan? before = null, TimeSpan? after = null) =>
        new(problemUtc - (before ?? DefaultBefore), problemUtc + (after ?? DefaultAfter));

    /// <summary>Why [from, to) cannot be triaged, or null when it can.</summary>
    public static string? Problem(DateTime fromUtc, DateTime toUtc, TimeSpan maxSpan)
    {
        if (toUtc <= fromUtc) return "The window must end after it starts.";
        if (toUtc - fromUtc < MinSpan) return $"The window must be at least {MinSpan.TotalMinutes:0} minutes long.";
        if (toUtc - fromUtc > maxSpan) return $"The window may be at most {Units.Duration.Describe(maxSpan)} long: triage compares it with the same hours a day and a week earlier.";
        return null;
    }

    /// <summary>
    /// The baselines, nearest first. A window of a day or more has no day-earlier one (it would overlap the window or
    /// be the one just before), and a week or more no week-earlier one.
    /// </summary>
    public IReadOnlyList<BaselineWindow> Baselines()
    {
        var list = new List<BaselineWindow> { new(BaselineKind.JustBefore, FromUtc - Span, FromUtc) };
        if (Span < TimeSpan.FromDays(1)) list.Add(new(BaselineKind.DayEarlier, FromUtc.AddDays(-1), ToUtc.AddDays(-1)));
        if (Span < TimeSpan.FromDays(7)) list.Add(new(BaselineKind.WeekEarlier, FromUtc.AddDays(-7), ToUtc.AddDays(-7)));
        return list;
    }
}
