using System.Globalization;
using Portal.Web.Features.Vms.Metrics;

namespace Portal.Web.Features.Vms.Charts;

/// <summary>
/// The range a VM page shows, as it lives in the URL: a preset (<c>?range=7d</c>, ending now, refreshed while open)
/// or a fixed window (<c>?from=…&amp;to=…</c>, shareable with support as it is).
/// </summary>
public sealed record ChartRange(DateTime FromUtc, DateTime ToUtc, string? Preset)
{
    public static readonly IReadOnlyList<(string Key, string Label, TimeSpan Span)> Presets =
    [
        ("1h", "1 hour", TimeSpan.FromHours(1)),
        ("6h", "6 hours", TimeSpan.FromHours(6)),
        ("24h", "24 hours", TimeSpan.FromHours(24)),
        ("7d", "7 days", TimeSpan.FromDays(7)),
        ("30d", "30 days", TimeSpan.FromDays(30)),
        ("1y", "1 year", TimeSpan.FromDays(365)),
    ];

    public const string DefaultPreset = "24h";

    /// <summary>Ends now and moves with time (auto-refresh); a custom window stays where it is.</summary>
    public bool IsLive => Preset is not null;

    public static ChartRange Parse(string? preset, string? from, string? to, DateTime nowUtc, out string? error)
    {
        error = null;
        if (!string.IsNullOrEmpty(from) || !string.IsNullOrEmpty(to))
        {
            if (MetricRange.TryParse(from, to, nowUtc, out var custom, out var problem))
                return new ChartRange(custom.FromUtc, custom.ToUtc, null);
            error = problem;
        }
        var key = Presets.Any(p => p.Key == preset) ? preset! : DefaultPreset;
        if (!string.IsNullOrEmpty(preset) && key != preset) error ??= $"Unknown range '{preset}'; showing {DefaultPreset}.";
        var span = Presets.Single(p => p.Key == key).Span;
        return new ChartRange(nowUtc - span, nowUtc, key);
    }

    /// <summary>A live range moved to end now, keeping its span.</summary>
    public ChartRange Following(DateTime nowUtc) => Preset is null ? this : new ChartRange(nowUtc - (ToUtc - FromUtc), nowUtc, Preset);

    /// <summary>The URL's query parameters for this range (the others are cleared).</summary>
    public IReadOnlyDictionary<string, object?> QueryParameters => new Dictionary<string, object?>
    {
        ["range"] = Preset,
        ["from"] = Preset is null ? Iso(FromUtc) : null,
        ["to"] = Preset is null ? Iso(ToUtc) : null,
    };

    public static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
