using Portal.Core.Metrics;

namespace Portal.Data.TimeSeries;

internal static class TierTables
{
    public static string Of(Tier tier) => tier switch
    {
        Tier.Raw => "metrics_raw",
        Tier.Hourly => "metrics_hourly",
        Tier.Daily => "metrics_daily",
        _ => throw new ArgumentOutOfRangeException(nameof(tier)),
    };
}
