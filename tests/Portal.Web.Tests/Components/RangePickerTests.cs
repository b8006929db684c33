using Portal.Web.Features.Vms.Charts;

namespace Portal.Web.Tests.Components;

public class RangePickerTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 21, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Presets_are_links_and_the_current_one_is_marked()
    {
        var range = ChartRange.Parse("7d", null, null, Now, out _);

        var page = await ComponentRenderer.RenderAsync<RangePicker>(new() { ["Range"] = range, ["BasePath"] = "/vms/3" });

        var links = page.QuerySelectorAll("a[data-range]").ToList();
        Assert.Equal(["1h", "6h", "24h", "7d", "30d", "1y"], links.Select(a => a.GetAttribute("data-range")));
        Assert.All(links, a => Assert.StartsWith("/vms/3?range=", a.GetAttribute("href"), StringComparison.Ordinal));
        var current = Assert.Single(links, a => a.GetAttribute("aria-current") == "true");
        Assert.Equal("7d", current.GetAttribute("data-range"));
        Assert.Contains("btn-primary", current.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_custom_form_carries_the_range_in_utc_for_the_browser_to_show_in_local_time()
    {
        var range = ChartRange.Parse(null, "2026-11-18T19:30:00Z", "2026-11-18T21:15:00Z", Now, out _);

        var page = await ComponentRenderer.RenderAsync<RangePicker>(new() { ["Range"] = range, ["BasePath"] = "/vms/3" });

        Assert.Equal("2026-11-18T19:30:00Z", page.QuerySelector("#range-from")!.GetAttribute("data-utc"));
        Assert.Equal("2026-11-18T21:15:00Z", page.QuerySelector("#range-to")!.GetAttribute("data-utc"));
        Assert.Null(page.QuerySelector("a[aria-current]"));
        Assert.Equal("/vms/3", page.QuerySelector("form[data-range-form]")!.GetAttribute("action"));
    }

    [Fact]
    public async Task A_bad_range_is_said_plainly()
    {
        var range = ChartRange.Parse(null, "2026-11-18T21:00:00Z", "2026-11-18T20:00:00Z", Now, out var error);

        var page = await ComponentRenderer.RenderAsync<RangePicker>(new() { ["Range"] = range, ["BasePath"] = "/vms/3", ["Error"] = error });

        Assert.Equal("The range must end after it starts.", page.QuerySelector("[data-testid=range-error]")!.TextContent);
        Assert.Equal(ChartRange.DefaultPreset, range.Preset);
    }

    [Theory]
    [InlineData("30d", null, null, "range=30d", 30 * 24)]
    [InlineData("nonsense", null, null, "range=24h", 24)]
    [InlineData(null, "2026-11-18T20:30:00Z", "2026-11-18T21:15:00Z", "from=2026-11-18T20%3A30%3A00Z&to=2026-11-18T21%3A15%3A00Z", 0.75)]
    [InlineData(null, "1763498400000", null, "from=2025-11-18T20%3A40%3A00Z&to=2026-11-20T21%3A00%3A00Z", 8760 + 48 + 0.3333333333333333)]
    public void Ranges_round_trip_through_the_url(string? preset, string? from, string? to, string query, double hours)
    {
        var range = ChartRange.Parse(preset, from, to, Now, out _);

        Assert.Equal(query, range.Query);
        Assert.Equal(hours, (range.ToUtc - range.FromUtc).TotalHours, 6);
        Assert.Equal(preset is not null || from is null, range.IsLive);
    }
}
