using System.Globalization;
using Portal.Core.Triage;
using Portal.Web.Features.Vms.Metrics;

namespace Portal.Web.Features.Triage;

/// <summary>
/// A triage window as it lives in the URL: <c>?from=&amp;to=</c> (the range a VM page showed), or
/// <c>?at=&amp;before=&amp;after=</c> (a problem at a time, minutes before and after it: 120 and 30 unless given). With
/// neither, the last two and a half hours.
/// </summary>
public sealed record TriageRequest(string? From, string? To, string? At, int? Before, int? After)
{
    public const int MaxMinutes = 7 * 24 * 60;

    public bool IsProblemTime => !string.IsNullOrEmpty(At);

    public bool TryWindow(DateTime nowUtc, TimeSpan maxWindow, out TriageWindow window, out string error)
    {
        window = TriageWindow.Around(nowUtc - TriageWindow.DefaultAfter);
        error = "";
        if (Before is < 5 or > MaxMinutes || After is < 0 or > MaxMinutes)
        {
            error = $"'before' and 'after' are minutes: 5 to {MaxMinutes} before, 0 to {MaxMinutes} after.";
            return false;
        }
        if (IsProblemTime)
        {
            if (!MetricRange.TryTime(At!, out var at))
            {
                error = $"'at' is not a time: {At}. Use ISO 8601 (2026-11-20T20:50:00Z) or Unix milliseconds.";
                return false;
            }
            window = TriageWindow.Around(at, Minutes(Before) ?? TriageWindow.DefaultBefore, Minutes(After) ?? TriageWindow.DefaultAfter);
        }
        else if (!string.IsNullOrEmpty(From) || !string.IsNullOrEmpty(To))
        {
            if (!MetricRange.TryParse(From, To, nowUtc, out var range, out error)) return false;
            window = new TriageWindow(range.FromUtc, range.ToUtc);
        }
        if (TriageWindow.Problem(window.FromUtc, window.ToUtc, maxWindow) is { } problem)
        {
            error = problem;
            return false;
        }
        if (window.FromUtc > nowUtc)
        {
            error = "The window starts in the future.";
            return false;
        }
        return true;
    }

    /// <summary>The URL query for a window (the other keys cleared).</summary>
    public static Dictionary<string, object?> Query(TriageWindow window) => new()
    {
        ["from"] = Iso(window.FromUtc),
        ["to"] = Iso(window.ToUtc),
        ["at"] = null,
        ["before"] = null,
        ["after"] = null,
    };

    /// <summary>The URL query for a problem time.</summary>
    public static Dictionary<string, object?> Query(DateTime atUtc, int before, int after) => new()
    {
        ["from"] = null,
        ["to"] = null,
        ["at"] = Iso(atUtc),
        ["before"] = before,
        ["after"] = after,
    };

    public string QueryString(TriageWindow window) => IsProblemTime
        ? $"at={Uri.EscapeDataString(At!)}&before={Before ?? (int)TriageWindow.DefaultBefore.TotalMinutes}&after={After ?? (int)TriageWindow.DefaultAfter.TotalMinutes}"
        : $"from={Uri.EscapeDataString(Iso(window.FromUtc))}&to={Uri.EscapeDataString(Iso(window.ToUtc))}";

    public static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static TimeSpan? Minutes(int? minutes) => minutes is { } m ? TimeSpan.FromMinutes(m) : null;
}
