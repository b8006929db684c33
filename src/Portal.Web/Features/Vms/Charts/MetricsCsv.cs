using System.Globalization;
using System.Text;
using Portal.Core.Metrics;
using Portal.Web.Features.Vms.Metrics;

namespace Portal.Web.Features.Vms.Charts;

/// <summary>What the charts show, as CSV: one row per point (UTC, ISO 8601), one column per series with its unit; gaps empty.</summary>
public static class MetricsCsv
{
    public static async Task WriteAsync(TextWriter writer, SeriesSet set)
    {
        var header = new StringBuilder("time_utc");
        foreach (var series in set.Series)
        {
            var (name, unit) = MetricNames.Of(series.Key.Metric);
            header.Append(',').Append(Quote(series.Key.Instance.Length == 0 ? $"{name} ({unit})" : $"{name} {series.Key.Instance} ({unit})"));
        }
        await writer.WriteLineAsync(header.ToString());

        var row = new StringBuilder();
        for (var i = 0; i < set.Plan.Points; i++)
        {
            row.Clear().Append(ChartRange.Iso(set.Plan.GridStart + set.Plan.Bucket * i));
            foreach (var series in set.Series)
            {
                row.Append(',');
                var value = series.Values[i];
                if (!float.IsNaN(value)) row.Append(value.ToString("0.###", CultureInfo.InvariantCulture));
            }
            await writer.WriteLineAsync(row.ToString());
        }
    }

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
