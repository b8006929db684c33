namespace Portal.Core.Metrics;

/// <summary>What retention removes: every row of a tier older than its span, cut at a whole step.</summary>
public static class Retention
{
    public static DateTime Cutoff(TierSpec tier, DateTime nowUtc) => QueryPlan.Floor(nowUtc - tier.Retention, tier.Step);
}

/// <summary>Which rollup buckets are complete and not yet rolled up.</summary>
public static class RollupSchedule
{
    /// <summary>
    /// Starts of the buckets of <paramref name="target"/> between the cursor and now. A bucket is due once a whole
    /// <paramref name="grace"/> has passed after its end, so that a late sweep still lands in it.
    /// </summary>
    public static IReadOnlyList<DateTime> DueBuckets(TierSpec target, DateTime? rolledThroughUtc, DateTime oldestDataUtc, DateTime nowUtc, TimeSpan grace)
    {
        var start = QueryPlan.Floor(rolledThroughUtc ?? oldestDataUtc, target.Step);
        var end = QueryPlan.Floor(nowUtc - grace, target.Step);
        var due = new List<DateTime>();
        for (var bucket = start; bucket < end; bucket += target.Step) due.Add(bucket);
        return due;
    }
}
