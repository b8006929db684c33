using Portal.Core.Metrics;

namespace Portal.Core.Tests;

public class RollupScheduleTests
{
    [Fact]
    public void Retention_cuts_at_a_whole_step()
    {
        var hourly = TierTable.Default[Tier.Hourly];
        var now = new DateTime(2026, 11, 20, 12, 34, 56, DateTimeKind.Utc);

        Assert.Equal(new DateTime(2025, 10, 16, 12, 0, 0, DateTimeKind.Utc), Retention.Cutoff(hourly, now));
    }

    [Fact]
    public void Only_complete_buckets_are_due_for_rollup()
    {
        var hourly = TierTable.Default[Tier.Hourly];
        var oldest = new DateTime(2026, 11, 20, 9, 10, 0, DateTimeKind.Utc);
        var now = new DateTime(2026, 11, 20, 12, 3, 0, DateTimeKind.Utc);

        var first = RollupSchedule.DueBuckets(hourly, null, oldest, now, TimeSpan.FromMinutes(5));
        var later = RollupSchedule.DueBuckets(hourly, first[^1] + hourly.Step, oldest, now.AddMinutes(5), TimeSpan.FromMinutes(5));

        // 12:00 is not due at 12:03: a sweep of 11:55-12:00 may still land until 12:05.
        Assert.Equal([9, 10], first.Select(b => b.Hour));
        Assert.Equal([11], later.Select(b => b.Hour));
    }
}
