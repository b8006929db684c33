namespace Portal.Core.Metrics;

/// <summary>
/// How to answer a range query: read <see cref="Tier"/> and fold it into buckets of <see cref="Bucket"/> on a grid
/// that starts at <see cref="GridStart"/>; <see cref="Points"/> never exceeds the requested maximum.
/// </summary>
public sealed record QueryPlan(Tier Tier, TimeSpan TierStep, TimeSpan Bucket, DateTime GridStart, int Points)
{
    /// <summary>How many tier rows may be read per point drawn before a coarser tier is better.</summary>
    public const int MaxRowsPerPoint = 4;

    public DateTime GridEnd => GridStart + Bucket * Points;

    /// <summary>The finest tier that still holds the start of the range and needs at most a few rows per point.</summary>
    public static QueryPlan For(DateTime fromUtc, DateTime toUtc, int maxPoints, DateTime nowUtc, TierTable tiers)
    {
        if (toUtc <= fromUtc) throw new ArgumentException("The range must end after it starts.", nameof(toUtc));
        if (maxPoints < 2) throw new ArgumentOutOfRangeException(nameof(maxPoints), "At least two points are needed to draw a line.");

        var range = toUtc - fromUtc;
        var choice = tiers.All[^1];
        foreach (var tier in tiers.All)
        {
            var holdsStart = fromUtc >= nowUtc - tier.Retention;
            if (holdsStart && range.Ticks / tier.Step.Ticks <= (long)maxPoints * MaxRowsPerPoint)
            {
                choice = tier;
                break;
            }
        }

        // Buckets are whole multiples of the tier step, aligned to the epoch so that refreshes line up.
        var factor = Math.Max(1, (long)Math.Ceiling(range.Ticks / (double)choice.Step.Ticks / maxPoints));
        while (true)
        {
            var bucket = TimeSpan.FromTicks(choice.Step.Ticks * factor);
            var start = Floor(fromUtc, bucket);
            var points = (int)Math.Ceiling((toUtc - start).Ticks / (double)bucket.Ticks);
            if (points <= maxPoints) return new QueryPlan(choice.Tier, choice.Step, bucket, start, points);
            factor++;
        }
    }

    public static DateTime Floor(DateTime utc, TimeSpan step) =>
        new(utc.Ticks - (utc.Ticks - DateTime.UnixEpoch.Ticks) % step.Ticks, DateTimeKind.Utc);
}
