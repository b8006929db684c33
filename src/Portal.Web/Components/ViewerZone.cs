using System.Globalization;

namespace Portal.Web.Components;

/// <summary>The viewer's time zone: every time the portal shows is in it, named, so nobody converts in their head.</summary>
public sealed class ViewerZone
{
    public static readonly ViewerZone Utc = new(TimeZoneInfo.Utc);

    public ViewerZone(TimeZoneInfo zone) => Zone = zone;

    public TimeZoneInfo Zone { get; }

    public static ViewerZone FromId(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? new ViewerZone(zone) : Utc;

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    /// <summary>The zone's short name at that moment: "UTC", "CET", or the offset where .NET knows no abbreviation.</summary>
    public string Name(DateTime utc)
    {
        var offset = Zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        if (offset == TimeSpan.Zero) return "UTC";
        return string.Create(CultureInfo.InvariantCulture, $"UTC{(offset < TimeSpan.Zero ? '-' : '+')}{offset.Duration():hh\\:mm}");
    }

    public string Format(DateTime utc, bool dateOnly = false) =>
        ToLocal(utc).ToString(dateOnly ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (dateOnly ? "" : " " + Name(utc));
}
