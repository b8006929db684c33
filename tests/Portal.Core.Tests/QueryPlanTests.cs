using Portal.Core.Metrics;

namespace Portal.Core.Tests;

public class QueryPlanTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TierTable Tiers = TierTable.Default;

    [Theory]
    [InlineData(2, Tier.Raw, 300)]          // 24 raw points
    [InlineData(24, Tier.Raw, 300)]         // 288 raw points
    [InlineData(24 * 7, Tier.Raw, 900)]     // 2016 raw rows folded into 15-minute buckets
    [InlineData(24 * 30, Tier.Hourly, 3600)] // 8640 raw rows would be too many: 720 hourly points
    [InlineData(24 * 365, Tier.Daily, 86400)]       // 8760 hourly rows would be too many: 365 daily points
    public void The_finest_tier_that_needs_few_rows_per_point_is_chosen(int hours, Tier tier, int bucketSeconds)
    {
        var plan = QueryPlan.For(Now.AddHours(-hours), Now, 1000, Now, Tiers);

        Assert.Equal(tier, plan.Tier);
        Assert.Equal(TimeSpan.FromSeconds(bucketSeconds), plan.Bucket);
        Assert.InRange(plan.Points, 1, 1000);
    }

    [Fact]
    public void A_range_older_than_a_tier_keeps_goes_to_a_tier_that_still_has_it()
    {
        var plan = QueryPlan.For(Now.AddDays(-60), Now.AddDays(-59), 1000, Now, Tiers);

        Assert.Equal(Tier.Hourly, plan.Tier);
    }

    [Fact]
    public void Five_years_come_from_the_daily_tier()
    {
        var plan = QueryPlan.For(Now.AddYears(-5).AddDays(1), Now, 1000, Now, Tiers);

        Assert.Equal(Tier.Daily, plan.Tier);
        Assert.True(plan.Points <= 1000);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(999)]
    public void Never_more_points_than_asked_and_the_grid_covers_the_range(int maxPoints)
    {
        var from = Now.AddDays(-7).AddMinutes(-7);
        var plan = QueryPlan.For(from, Now, maxPoints, Now, Tiers);

        Assert.InRange(plan.Points, 1, maxPoints);
        Assert.True(plan.GridStart <= from && plan.GridEnd >= Now);
        Assert.Equal(0, (plan.GridStart - DateTime.UnixEpoch).Ticks % plan.Bucket.Ticks);
    }

    [Fact]
    public void Backwards_ranges_and_single_points_are_refused()
    {
        Assert.Throws<ArgumentException>(() => QueryPlan.For(Now, Now.AddHours(-1), 100, Now, Tiers));
        Assert.Throws<ArgumentOutOfRangeException>(() => QueryPlan.For(Now.AddHours(-1), Now, 1, Now, Tiers));
    }
}
