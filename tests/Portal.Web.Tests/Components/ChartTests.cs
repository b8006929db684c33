using Bunit;
using Microsoft.AspNetCore.Components;
using Portal.Core.Metrics;
using Portal.Simulator;
using Portal.Web.Components.Charts;
using Portal.Web.Features.Vms.Charts;

namespace Portal.Web.Tests.Components;

/// <summary>The chart component hands its JS module exactly what it was given; the VM page builds it from the store.</summary>
public class ChartTests(PortalFactory portal) : PortalComponentTest(portal)
{
    private const string Module = "./Components/Charts/TimeChart.razor.js";

    private static ChartSpec Spec(string id = "cpu") => new(id, "vm", ChartUnit.Percent, 1_000, 300_000,
        [new ChartSeries("VM on its node", [10, null, 30])], [new ChartAnnotation(1_300_000, "Restarted", "#dc3545")],
        0, 900_000, 400, "4 vCPUs = 400 %", Dark: false, Markers: true);

    [Fact]
    public void A_chart_is_created_with_its_spec_and_redrawn_only_when_the_spec_changes()
    {
        var module = JSInterop.SetupModule(Module);
        var spec = Spec();

        var cut = Render<TimeChart>(p => p.Add(c => c.Spec, spec).Add(c => c.Label, "CPU chart"));

        var created = module.VerifyInvoke("create");
        Assert.Same(spec, created.Arguments[1]);
        Assert.Equal("cpu", cut.Find("[data-chart]").GetAttribute("data-chart"));
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-chart]").GetAttribute("data-revision")));

        cut.Render(p => p.Add(c => c.Spec, spec));
        Assert.Single(module.Invocations["create"]);
        cut.Render(p => p.Add(c => c.Spec, Spec() with { Dark = true }));
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-chart]").GetAttribute("data-revision")));
    }

    [Fact]
    public async Task A_zoom_in_the_browser_reaches_the_page_as_a_time_window()
    {
        TimeWindow? zoomed = null;
        var cut = Render<TimeChart>(p => p.Add(c => c.Spec, Spec()).Add(c => c.Label, "CPU chart").Add(c => c.OnZoom, w => zoomed = w));

        await cut.InvokeAsync(() => cut.Instance.Zoomed(1_000, 601_000));

        Assert.Equal(new TimeWindow(1_000, 601_000), zoomed);
    }

    [Fact]
    public async Task The_vm_page_draws_seven_charts_in_units_with_the_vcpu_limit_and_no_more_points_than_pixels()
    {
        await SignInAsync("alice@acme.example");
        var module = JSInterop.SetupModule(Module);
        module.Setup<int>("width", _ => true).SetResult(900);
        var vmId = await VmIdAsync(DemoIncident.VmName);
        var range = ChartRange.Parse("7d", null, null, DateTime.UtcNow, out _);

        var cut = Render<VmCharts>(p => p.Add(c => c.VmId, vmId).Add(c => c.Vcpus, 4).Add(c => c.Range, range));

        cut.WaitForAssertion(() => Assert.Equal(7, module.Invocations["create"].Count), TimeSpan.FromSeconds(20));
        var specs = module.Invocations["create"].Select(i => (ChartSpec)i.Arguments[1]!).ToDictionary(s => s.Id);
        Assert.Equal(["cpu", "disk", "faults", "iops", "memory", "net", "swap"], specs.Keys.Order());
        Assert.Equal(ChartUnit.Percent, specs["cpu"].Unit);
        Assert.Equal(400, specs["cpu"].Limit);
        Assert.Contains(specs["cpu"].Series, s => s.Name == "vCPU 3");
        Assert.Equal(ChartUnit.Bytes, specs["memory"].Unit);
        Assert.Equal(ChartUnit.BytesPerSecond, specs["net"].Unit);
        Assert.All(specs.Values, s => Assert.True(s.Series.All(line => line.Values.Length <= 900 - 70)));
        Assert.Contains(specs["cpu"].Annotations, a => a.Label == "Restarted");
        var status = cut.Find("[data-testid=chart-status]").TextContent;
        Assert.Matches(@"^\d+ points of (\d+ min|\d+ h) \(", status);
        Assert.Equal("raw", cut.Find("[data-testid=charts]").GetAttribute("data-tier"));
    }

    [Theory]
    [InlineData(10, "10 s")]
    [InlineData(300, "5 min")]
    [InlineData(3600, "1 h")]
    [InlineData(86_400, "1 d")]
    [InlineData(9_000, "2.5 h")]
    public void Steps_are_said_in_words(int seconds, string words) =>
        Assert.Equal(words, global::Portal.Core.Units.Duration.Describe(TimeSpan.FromSeconds(seconds)));
}
