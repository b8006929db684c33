using Portal.Web.Features.Vms.Charts;

namespace Portal.Web.Tests.Components;

/// <summary>Chart ranges as the URL carries them.</summary>
public class RangePickerTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 21, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("30d", null, null, "range=30d", 30 * 24)]
    [InlineData("nonsense", null, null, "range=24h", 24)]
    [InlineData(null, "2026-11-18T20:30:00Z", "2026-11-18T21:15:00Z", "from=2026-11-18T20:30:00Z&to=2026-11-18T21:15:00Z", 0.75)]
    [InlineData(null, "1763498400000", null, "from=2025-11-18T20:40:00Z&to=2026-11-20T21:00:00Z", 8760 + 48 + 0.3333333333333333)]
    public void Ranges_round_trip_through_the_url(string? preset, string? from, string? to, string query, double hours)
    {
        var range = ChartRange.Parse(preset, from, to, Now, out _);

        Assert.Equal(query, string.Join('&', range.QueryParameters.Where(p => p.Value is not null).Select(p => $"{p.Key}={p.Value}")));
        var again = ChartRange.Parse((string?)range.QueryParameters["range"], (string?)range.QueryParameters["from"], (string?)range.QueryParameters["to"], Now, out var error);
        Assert.Null(error);
        Assert.Equal(range, again);
        Assert.Equal(hours, (range.ToUtc - range.FromUtc).TotalHours, 6);
        Assert.Equal(preset is not null || from is null, range.IsLive);
    }
}
