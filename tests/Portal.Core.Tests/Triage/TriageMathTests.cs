using Portal.Core.Triage;

namespace Portal.Core.Tests.Triage;

public class TriageMathTests
{
    private static readonly TimeGrid Grid = new(new DateTime(2026, 11, 20, 20, 0, 0, DateTimeKind.Utc), TimeSpan.FromMinutes(5), 12);
    private static readonly Band Usual = new(10, 5, 15, 30);

    [Fact]
    public void Median_and_mad_ignore_gaps_and_barely_move_for_wild_samples()
    {
        var calm = RobustStats.Of([10, 11, 9, 10, 12, 8, float.NaN, 10])!.Value;
        var wild = RobustStats.Of([10, 11, 9, 10, 12, 8, 10_000, 10])!.Value;

        Assert.Equal((10.0, 1.0), calm);
        Assert.Equal((10.0, 1.0), wild);
        Assert.Null(RobustStats.Of([float.NaN]));
    }

    [Fact]
    public void A_band_is_never_narrower_than_the_series_floor_and_needs_enough_samples()
    {
        var flat = Band.From([5, 5, 5, 5, 5, 5, 5], Sensitivity.SwapKiBPerSecond)!.Value;

        Assert.Equal((5.0, 21.0), (flat.Median, flat.High));
        Assert.Null(Band.From([5, 5, 5], Sensitivity.SwapKiBPerSecond));
    }

    [Fact]
    public void One_spike_is_no_onset_but_a_sustained_departure_is_and_gaps_neither_break_nor_count()
    {
        float[] spike = [10, 10, 40, 10, 10, 10, 10, 10, 10, 10, 10, 10];
        float[] sustained = [10, 10, 40, 10, 30, float.NaN, 31, 29, 33, 10, 10, 10];

        Assert.Null(ChangeDetector.Find(spike, Grid, Usual, +1));
        var change = ChangeDetector.Find(sustained, Grid, Usual, +1)!;
        Assert.Equal((4, 8, Grid.TimeAt(4), 10.0, 30.5, 33.0), (change.OnsetIndex, change.EndIndex, change.OnsetUtc, change.Before, change.After, change.Peak));
        Assert.Null(ChangeDetector.Find(sustained, Grid, Usual, -1));
    }

    [Fact]
    public void A_departure_cut_short_by_the_end_of_the_data_needs_two_samples()
    {
        Assert.NotNull(ChangeDetector.Find([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 1, 1], Grid, Usual, -1));
        Assert.Null(ChangeDetector.Find([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 1], Grid, Usual, -1));
    }

    [Theory]
    [InlineData(3.94, 0.08, 4, 8)]      // the demo: 4 GiB that ran out needs 8
    [InlineData(1.5, 0, 2, 4)]          // always more than it had
    [InlineData(10, 3, 8, 24)]          // above 16 GiB the steps are 16, 24, 32, 48 …
    [InlineData(0.1, 0.05, 0.125, 0.25)]
    public void Memory_is_peak_use_plus_swapped_with_a_quarter_to_spare_rounded_up_to_a_size_people_pick(double peakGiB, double swappedGiB, double hadGiB, double expectGiB)
    {
        const double GiB = 1024 * 1024;

        Assert.Equal((long)(expectGiB * GiB), MemorySizing.Recommend(peakGiB * GiB, swappedGiB * GiB, (long)(hadGiB * GiB)));
    }

    [Fact]
    public void Around_a_problem_is_two_hours_before_to_thirty_minutes_after_with_three_baselines()
    {
        var problem = new DateTime(2026, 11, 26, 20, 50, 0, DateTimeKind.Utc);

        var window = TriageWindow.Around(problem);
        var baselines = window.Baselines();

        Assert.Equal((problem.AddHours(-2), problem.AddMinutes(30)), (window.FromUtc, window.ToUtc));
        Assert.Equal([(BaselineKind.JustBefore, problem.AddHours(-4.5)), (BaselineKind.DayEarlier, problem.AddDays(-1).AddHours(-2)),
            (BaselineKind.WeekEarlier, problem.AddDays(-7).AddHours(-2))], baselines.Select(b => (b.Kind, b.FromUtc)));
        Assert.Equal([BaselineKind.JustBefore, BaselineKind.WeekEarlier], new TriageWindow(problem.AddDays(-2), problem).Baselines().Select(b => b.Kind));
        Assert.NotNull(TriageWindow.Problem(problem, problem.AddDays(8), TimeSpan.FromDays(7)));
        Assert.NotNull(TriageWindow.Problem(problem, problem.AddMinutes(5), TimeSpan.FromDays(7)));
        Assert.Null(TriageWindow.Problem(window.FromUtc, window.ToUtc, TimeSpan.FromDays(7)));
    }
}
