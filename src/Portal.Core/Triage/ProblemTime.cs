using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Core.Triage;

/// <summary>
/// A time typed by a person in their own time zone: "20:50" (the latest 20:50 that has passed), "yesterday 20:50",
/// "2026-11-26 20:50", optionally after "problem at" or "at". The result is UTC.
/// </summary>
public static partial class ProblemTime
{
    public const string Example = "20:50, yesterday 20:50 or 2026-11-26 20:50";

    public static bool TryParse(string? text, TimeZoneInfo zone, DateTime nowUtc, out DateTime utc, out string error)
    {
        utc = default;
        error = "";
        var match = Pattern().Match(text ?? "");
        if (!match.Success)
        {
            error = $"'{text}' is not a time: write {Example}.";
            return false;
        }
        var hour = int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture);
        if (hour > 23 || minute > 59)
        {
            error = $"'{text}' is not a time of day: hours go to 23, minutes to 59.";
            return false;
        }

        var localNow = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), zone);
        DateTime day;
        if (match.Groups["date"].Success)
        {
            if (!DateTime.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                error = $"'{match.Groups["date"].Value}' is not a date: write it as 2026-11-26.";
                return false;
            }
        }
        else if (match.Groups["yesterday"].Success) day = localNow.Date.AddDays(-1);
        else day = localNow.Date;

        var local = day.AddHours(hour).AddMinutes(minute);
        // A bare time means the latest one that has passed: 20:50 typed at 08:00 is yesterday evening.
        if (!match.Groups["date"].Success && !match.Groups["yesterday"].Success && local > localNow) local = local.AddDays(-1);
        if (zone.IsInvalidTime(local))
        {
            error = $"{local:yyyy-MM-dd HH:mm} does not exist in {zone.Id}: the clocks jumped over it.";
            return false;
        }
        utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
        if (utc > nowUtc)
        {
            error = $"{local:yyyy-MM-dd HH:mm} has not happened yet.";
            return false;
        }
        return true;
    }

    [GeneratedRegex(@"^\s*(?:(?:problem|trouble|down)\s+)?(?:at\s+)?(?:(?<yesterday>yesterday)\s+|(?<date>\d{4}-\d{2}-\d{2})[\sT]+)?(?<hour>\d{1,2})[:.h](?<minute>\d{2})\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Pattern();
}
