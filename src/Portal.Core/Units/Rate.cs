using System.Globalization;

namespace Portal.Core.Units;

/// <summary>Rates and shares as the charts and lists show them: "3.4 MiB/s", "12 %", "0.5/s".</summary>
public static class Rate
{
    public static string BytesPerSecond(double bytes) => ByteSize.Format((long)Math.Round(bytes)) + "/s";

    public static string Percent(double percent) =>
        percent.ToString(percent >= 10 ? "0" : "0.#", CultureInfo.InvariantCulture) + " %";

    public static string PerSecond(double count) =>
        count.ToString(count >= 100 ? "0" : count >= 1 ? "0.#" : "0.##", CultureInfo.InvariantCulture) + "/s";
}
