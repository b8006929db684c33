using System.Globalization;

namespace Portal.Core.Units;

/// <summary>Durations in words as the charts state them: "10 s", "5 min", "1 h", "1 d", "2.5 h".</summary>
public static class Duration
{
    public static string Describe(TimeSpan span)
    {
        var seconds = span.TotalSeconds;
        return seconds switch
        {
            < 60 => Number(seconds) + " s",
            < 3600 => Number(seconds / 60) + " min",
            < 86_400 => Number(seconds / 3600) + " h",
            _ => Number(seconds / 86_400) + " d",
        };
    }

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
