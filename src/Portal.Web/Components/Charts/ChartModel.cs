using System.Text.Json.Serialization;

namespace Portal.Web.Components.Charts;

/// <summary>How a chart's axis and tooltip write its values.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChartUnit>))]
public enum ChartUnit
{
    Bytes,
    BytesPerSecond,
    Percent,
    PerSecond,
    Milliseconds,
}

/// <summary>One line: a name for the legend and a value per grid point, null for a gap.</summary>
public sealed record ChartSeries(string Name, double?[] Values);

/// <summary>A vertical marker at a moment, e.g. "Restarted".</summary>
public sealed record ChartAnnotation(long TimeMs, string Label, string Color);

/// <summary>A selected time window, in Unix milliseconds.</summary>
public readonly record struct TimeWindow(long FromMs, long ToMs)
{
    public DateTime FromUtc => DateTime.UnixEpoch.AddMilliseconds(FromMs);
    public DateTime ToUtc => DateTime.UnixEpoch.AddMilliseconds(ToMs);

    public static long Milliseconds(DateTime utc) => (long)(utc - DateTime.UnixEpoch).TotalMilliseconds;
}

/// <summary>Everything a <see cref="TimeChart"/> draws, as its JS module receives it.</summary>
public sealed record ChartSpec(
    string Id,
    string Group,
    ChartUnit Unit,
    long Start,
    long Step,
    IReadOnlyList<ChartSeries> Series,
    IReadOnlyList<ChartAnnotation> Annotations,
    long Min,
    long Max,
    double? Limit,
    string? LimitLabel,
    bool Dark,
    bool Markers,
    int Height = 230);
