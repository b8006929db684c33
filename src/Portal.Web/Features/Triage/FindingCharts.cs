using Portal.Core.Triage;
using Portal.Web.Components.Charts;
using Portal.Web.Features.Vms.Charts;

namespace Portal.Web.Features.Triage;

/// <summary>A finding's small chart as the portal's one chart component draws it: its unit, the usual range's edge, the onset marked.</summary>
public static class FindingCharts
{
    public const int Height = 170;

    public static ChartSpec Spec(string id, FindingChart chart, TriageReport report, DateTime? onsetUtc, bool dark)
    {
        var (unit, scale) = chart.Unit switch
        {
            TriageUnit.Percent => (ChartUnit.Percent, 1.0),
            TriageUnit.KiB => (ChartUnit.Bytes, 1024.0),
            TriageUnit.KiBPerSecond => (ChartUnit.BytesPerSecond, 1024.0),
            TriageUnit.BytesPerSecond => (ChartUnit.BytesPerSecond, 1.0),
            TriageUnit.PerSecond => (ChartUnit.PerSecond, 1.0),
            _ => (ChartUnit.Milliseconds, 1.0),
        };
        var grid = report.Grid;
        var series = chart.Lines.Select(l => new ChartSeries(l.Name, ChartDefinitions.Values(l.Values, scale))).ToList();
        IReadOnlyList<ChartAnnotation> marks = onsetUtc is { } onset ? [new ChartAnnotation(TimeWindow.Milliseconds(onset), "onset", "#dc3545")] : [];
        var usual = chart.Usual is > 0 and var u ? u * scale : (double?)null;
        return new ChartSpec(id, "triage", unit, TimeWindow.Milliseconds(grid.StartUtc), (long)grid.Step.TotalMilliseconds, series, marks,
            TimeWindow.Milliseconds(report.Window.FromUtc), TimeWindow.Milliseconds(report.Window.ToUtc), usual, usual is null ? null : chart.UsualLabel,
            dark, grid.Points <= 150, Height);
    }
}
