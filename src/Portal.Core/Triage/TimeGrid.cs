using Portal.Core.Metrics;

namespace Portal.Core.Triage;

/// <summary>The incident window's points: point i is the step starting at Start + i x Step.</summary>
public readonly record struct TimeGrid(DateTime StartUtc, TimeSpan Step, int Points)
{
    public static TimeGrid Of(QueryPlan plan) => new(plan.GridStart, plan.Bucket, plan.Points);

    public DateTime TimeAt(int index) => StartUtc + Step * index;

    /// <summary>The first point at or after <paramref name="utc"/> (Points when none).</summary>
    public int IndexAt(DateTime utc) =>
        utc <= StartUtc ? 0 : (int)Math.Min(Points, Math.Ceiling((utc - StartUtc).Ticks / (double)Step.Ticks));
}
