namespace Portal.Web.Components;

/// <summary>
/// What the browser told us about its viewer and the portal remembered in cookies: the time zone (times are shown in
/// it) and the theme chosen with the toggle (null: follow the operating system).
/// </summary>
public sealed record ViewerPreferences(string? TimeZoneId, bool? DarkMode)
{
    public const string TimeZoneCookie = "portal.tz";
    public const string ThemeCookie = "portal.theme";

    public static readonly ViewerPreferences Default = new(null, null);

    public static ViewerPreferences FromCookies(IRequestCookieCollection cookies) => new(
        cookies[TimeZoneCookie] is { Length: > 0 and <= 64 } zone ? zone : null,
        cookies[ThemeCookie] switch { "dark" => true, "light" => false, _ => null });
}
