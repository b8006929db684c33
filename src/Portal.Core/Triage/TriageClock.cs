using System.Globalization;

namespace Portal.Core.Triage;

/// <summary>How a triage writes times: in the viewer's zone, "20:50", with the weekday when the window is longer than a day.</summary>
public readonly record struct TriageClock(TimeZoneInfo Zone, TimeSpan WindowSpan)
{
    public string Format(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
        return local.ToString(WindowSpan > TimeSpan.FromHours(20) ? "ddd HH:mm" : "HH:mm", CultureInfo.InvariantCulture);
    }
}
