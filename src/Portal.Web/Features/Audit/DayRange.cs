using System.Globalization;
using MudBlazor;
using Portal.Web.Components;

namespace Portal.Web.Features.Audit;

/// <summary>A range of whole days as the URL keeps it (yyyy-MM-dd), meant in the viewer's time zone.</summary>
public static class DayRange
{
    public static DateRange? Parse(string? from, string? to) =>
        TryDay(from, out var start) | TryDay(to, out var end) ? new DateRange(start, end) : null;

    public static string? Format(DateTime? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>From the first day's midnight to the midnight after the last, in the viewer's zone, as UTC.</summary>
    public static (DateTime? FromUtc, DateTime? ToUtc) ToUtc(DateRange? days, ViewerZone zone) => (
        days?.Start is { } start ? zone.ToUtc(start.Date) : null,
        days?.End is { } end ? zone.ToUtc(end.Date.AddDays(1)) : null);

    private static bool TryDay(string? text, out DateTime? day)
    {
        day = DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        return day is not null;
    }
}
