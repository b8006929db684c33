using Bunit;
using MudBlazor.Services;
using Portal.Core.Units;
using Portal.Web.Features.Vms;

namespace Portal.Web.Tests.Components;

public class SparklineTests
{
    [Fact]
    public async Task A_gap_in_the_data_is_a_gap_in_the_line_and_the_title_gives_average_and_peak_with_units()
    {
        await using var context = new BunitContext();
        float[] values = [10, 20, float.NaN, 40, 80];

        var page = context.Render<Sparkline>(p => p.Add(c => c.Values, values).Add(c => c.Label, "CPU, last 24 hours").Add(c => c.Format, Rate.Percent));

        Assert.Equal(2, page.FindAll("polyline").Count);
        Assert.Equal("CPU, last 24 hours: average 38 %, peak 80 %", page.Find("svg title").TextContent);
        Assert.Equal(page.Find("svg title").TextContent, page.Find("svg").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task No_data_says_so()
    {
        await using var context = new BunitContext();
        context.Services.AddMudServices();

        var page = context.Render<Sparkline>(p => p.Add(c => c.Values, [float.NaN, float.NaN]).Add(c => c.Label, "Network").Add(c => c.Format, Rate.BytesPerSecond));

        Assert.Empty(page.FindAll("svg"));
        Assert.Equal("no data", page.Markup.Replace("<p", "\n<p", StringComparison.Ordinal).Split('>').Select(t => t.Split('<')[0].Trim()).Single(t => t.Length > 0));
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
