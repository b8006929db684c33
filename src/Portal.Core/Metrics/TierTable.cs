namespace Portal.Core.Metrics;

/// <summary>
/// The tiers of the time-series store, in one place. Each rollup tier keeps average, maximum and sample count per
/// series (a 5-minute average hides a spike; the maximum does not), so storage stays bounded like an RRD.
/// </summary>
public sealed class TierTable
{
    public TierTable(TimeSpan rawStep, TimeSpan rawRetention, TimeSpan hourlyRetention, TimeSpan dailyRetention)
    {
        if (rawStep <= TimeSpan.Zero || TimeSpan.FromHours(1).Ticks % rawStep.Ticks != 0)
            throw new ArgumentException("The raw step must divide an hour evenly (e.g. 60 s, 300 s).", nameof(rawStep));
        All =
        [
            new(Tier.Raw, rawStep, rawRetention),                       // collector interval (300 s) for 35 days
            new(Tier.Hourly, TimeSpan.FromHours(1), hourlyRetention),   // 1 hour for 400 days
            new(Tier.Daily, TimeSpan.FromDays(1), dailyRetention),      // 1 day for 5 years
        ];
    }

    public static TierTable Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromDays(35), TimeSpan.FromDays(400), TimeSpan.FromDays(5 * 365));

    public IReadOnlyList<TierSpec> All { get; }

    public TierSpec this[Tier tier] => All[(int)tier];
}
