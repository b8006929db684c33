using System.Globalization;
using Portal.Core.Units;

namespace Portal.Core.Triage;

/// <summary>The unit of a series or a number in a finding, as stored (memory in KiB, swap in KiB/s).</summary>
public enum TriageUnit
{
    Percent,
    KiB,
    KiBPerSecond,
    BytesPerSecond,
    PerSecond,
    Milliseconds,
}

public static class TriageUnits
{
    /// <summary>A value as people read it: "12 %", "3.9 GiB", "58 KiB/s", "45/s", "8 ms".</summary>
    public static string Format(double value, TriageUnit unit) => unit switch
    {
        TriageUnit.Percent => Rate.Percent(value),
        TriageUnit.KiB => ByteSize.FormatKiB((long)Math.Round(value)),
        TriageUnit.KiBPerSecond => Rate.BytesPerSecond(value * 1024),
        TriageUnit.BytesPerSecond => Rate.BytesPerSecond(value),
        TriageUnit.PerSecond => Rate.PerSecond(value),
        _ => value.ToString(value >= 10 ? "0" : "0.#", CultureInfo.InvariantCulture) + " ms",
    };
}
