using System.Globalization;

namespace Portal.Web.Features.Vms.Metrics;

/// <summary>A requested time range, checked: it ends after it starts, spans at most five years, and is not far in the future.</summary>
public sealed record MetricRange(DateTime FromUtc, DateTime ToUtc)
{
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(5 * 366);

    /// <summary>Parses ISO 8601 times (or Unix milliseconds); missing ends default to the last 24 hours.</summary>
    public static bool TryParse(string? from, string? to, DateTime nowUtc, out MetricRange range, out string error)
    {
        range = new MetricRange(nowUtc - DefaultSpan, nowUtc);
        error = "";
        DateTime end = nowUtc, start;
        if (!string.IsNullOrEmpty(to) && !TryTime(to, out end))
        {
            error = $"'to' is not a time: {to}. Use ISO 8601 (2026-11-20T20:50:00Z) or Unix milliseconds.";
            return false;
        }
        if (string.IsNullOrEmpty(from)) start = end - DefaultSpan;
        else if (!TryTime(from, out start))
        {
            error = $"'from' is not a time: {from}. Use ISO 8601 (2026-11-20T20:50:00Z) or Unix milliseconds.";
            return false;
        }
        if (end <= start) error = "The range must end after it starts.";
        else if (end - start > MaxSpan) error = "The range may span at most five years.";
        else if (end > nowUtc.AddDays(1)) error = "The range ends too far in the future.";
        if (error.Length > 0) return false;
        range = new MetricRange(start, end);
        return true;
    }

    /// <summary>An ISO 8601 time or Unix milliseconds, as UTC.</summary>
    public static bool TryTime(string text, out DateTime utc)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms < 253402300799999)
        {
            utc = DateTime.UnixEpoch.AddMilliseconds(ms);
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            && parsed.Year is > 1970 and < 9999)
        {
            utc = parsed.UtcDateTime;
            return true;
        }
        utc = default;
        return false;
    }
}
