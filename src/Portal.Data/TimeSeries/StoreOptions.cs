using System.ComponentModel.DataAnnotations;
using Portal.Core.Metrics;

namespace Portal.Data.TimeSeries;

/// <summary>Configuration section <c>Portal:Metrics</c>: how often hosts are swept (the raw tier's step) and how long each tier is kept.</summary>
public sealed class StoreOptions
{
    public const string Section = "Portal:Metrics";

    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan RawRetention { get; set; } = TimeSpan.FromDays(35);
    public TimeSpan HourlyRetention { get; set; } = TimeSpan.FromDays(400);
    public TimeSpan DailyRetention { get; set; } = TimeSpan.FromDays(5 * 365);

    /// <summary>The most points a query may return per series (a chart cannot draw more than its width).</summary>
    [Range(2, 10_000)]
    public int MaxPoints { get; set; } = 1000;

    public TierTable ToTierTable() => new(Interval, RawRetention, HourlyRetention, DailyRetention);
}
