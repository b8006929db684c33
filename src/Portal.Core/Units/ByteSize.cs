using System.Globalization;

namespace Portal.Core.Units;

/// <summary>Binary (IEC) sizes as people read them: "4 GiB", "1.5 GiB", "512 MiB".</summary>
public static class ByteSize
{
    private static readonly string[] Suffixes = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    public static string Format(long bytes)
    {
        if (bytes < 0) return "-" + Format(-bytes);
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < Suffixes.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        var digits = value >= 100 || value == Math.Floor(value) ? "0" : value >= 10 ? "0.#" : "0.##";
        return value.ToString(digits, CultureInfo.InvariantCulture) + " " + Suffixes[unit];
    }

    public static string FormatKiB(long kib) => Format(kib * 1024);
}
