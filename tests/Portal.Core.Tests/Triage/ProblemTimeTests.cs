using Portal.Core.Triage;

namespace Portal.Core.Tests.Triage;

/// <summary>A time typed by someone in Berlin (UTC+1 in November, +2 in summer): read in their zone, answered in UTC.</summary>
public class ProblemTimeTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateTime Now = new(2026, 11, 28, 9, 30, 0, DateTimeKind.Utc); // 10:30 in Berlin

    [Theory]
    [InlineData("2026-11-26 21:50", "2026-11-26T20:50:00Z")]
    [InlineData("problem at 2026-11-26 21:50", "2026-11-26T20:50:00Z")]
    [InlineData("at 2026-11-26T21:50", "2026-11-26T20:50:00Z")]
    [InlineData("21:50", "2026-11-27T20:50:00Z")]            // the latest 21:50 that has passed: yesterday's
    [InlineData("9:15", "2026-11-28T08:15:00Z")]              // today's, it has passed
    [InlineData("yesterday 21:50", "2026-11-27T20:50:00Z")]
    [InlineData("2026-07-01 21:50", "2026-07-01T19:50:00Z")]  // summer time: UTC+2
    public void A_typed_time_is_read_in_the_viewer_s_zone(string typed, string expected)
    {
        Assert.True(ProblemTime.TryParse(typed, Berlin, Now, out var utc, out var error), error);

        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal), utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
    }

    [Theory]
    [InlineData("soon", "is not a time")]
    [InlineData("25:10", "hours go to 23")]
    [InlineData("2026-03-29 02:30", "does not exist in Europe/Berlin")]
    [InlineData("2026-11-28 23:00", "has not happened yet")]
    public void Nonsense_and_impossible_times_are_refused_with_a_reason(string typed, string reason)
    {
        Assert.False(ProblemTime.TryParse(typed, Berlin, Now, out _, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
