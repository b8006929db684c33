using Portal.Core.Units;
using Portal.Web.Features.Vms;

namespace Portal.Web.Tests.Components;

public class SparklineTests
{
    [Fact]
    public async Task A_gap_in_the_data_is_a_gap_in_the_line_and_the_title_gives_average_and_peak_with_units()
    {
        float[] values = [10, 20, float.NaN, 40, 80];

        var page = await ComponentRenderer.RenderAsync<Sparkline>(new()
        {
            ["Values"] = values, ["Label"] = "CPU, last 24 hours", ["Format"] = (Func<double, string>)Rate.Percent,
        });

        Assert.Equal(2, page.QuerySelectorAll("polyline").Length);
        Assert.Equal("CPU, last 24 hours: average 38 %, peak 80 %", page.QuerySelector("svg title")!.TextContent);
        Assert.Equal(page.QuerySelector("svg title")!.TextContent, page.QuerySelector("svg")!.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task No_data_says_so()
    {
        var page = await ComponentRenderer.RenderAsync<Sparkline>(new()
        {
            ["Values"] = new[] { float.NaN, float.NaN }, ["Label"] = "Network", ["Format"] = (Func<double, string>)Rate.BytesPerSecond,
        });

        Assert.Null(page.QuerySelector("svg"));
        Assert.Equal("no data", page.Body!.TextContent.Trim());
    }

    [Theory]
    [InlineData(3.5 * 1024 * 1024, "3.5 MiB/s")]
    [InlineData(512, "512 B/s")]
    public void Byte_rates_read_as_binary_units(double bytes, string text) => Assert.Equal(text, Rate.BytesPerSecond(bytes));

    [Theory]
    [InlineData(37.52, "38 %")]
    [InlineData(2.44, "2.4 %")]
    [InlineData(0.123, "0.12/s")]
    public void Shares_and_counts_keep_the_digits_that_matter(double value, string text) =>
        Assert.Equal(text, text.EndsWith('%') ? Rate.Percent(value) : Rate.PerSecond(value));
}
