using System.Globalization;

namespace Portal.Core.Metrics;

/// <summary>
/// One series of a VM: a metric and, for per-device metrics, the device (vCPU index, disk target, NIC MAC).
/// Text form <c>metric:instance</c>, e.g. <c>30:vda</c>, as stored in layouts.
/// </summary>
public readonly record struct SeriesKey(Metric Metric, string Instance = "")
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(short)Metric}:{Instance}");

    public static SeriesKey Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return new SeriesKey((Metric)short.Parse(text.AsSpan(0, colon), CultureInfo.InvariantCulture), text[(colon + 1)..]);
    }
}
