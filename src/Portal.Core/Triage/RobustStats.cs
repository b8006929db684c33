namespace Portal.Core.Triage;

/// <summary>
/// Median and median absolute deviation: a few wild samples (a backup, a restart) move them little, where they would
/// drag a mean and a standard deviation anywhere. Gaps (NaN) are left out.
/// </summary>
public static class RobustStats
{
    /// <summary>MAD x 1.4826 estimates the standard deviation of normally distributed data.</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>The median and MAD of the values that are not NaN; null when there are none.</summary>
    public static (double Median, double Mad)? Of(IReadOnlyCollection<float> values)
    {
        var data = new float[values.Count];
        var n = 0;
        foreach (var v in values) if (!float.IsNaN(v)) data[n++] = v;
        if (n == 0) return null;
        if (n < data.Length) Array.Resize(ref data, n);
        var median = Median(data);
        var deviations = new float[data.Length];
        for (var i = 0; i < data.Length; i++) deviations[i] = (float)Math.Abs(data[i] - median);
        return (median, Median(deviations));
    }

    /// <summary>The median of the values that are not NaN, or NaN when there are none.</summary>
    public static double MedianOf(IEnumerable<float> values)
    {
        var data = values.Where(v => !float.IsNaN(v)).ToArray();
        return data.Length == 0 ? double.NaN : Median(data);
    }

    /// <summary>Sorts <paramref name="data"/> in place.</summary>
    private static double Median(float[] data)
    {
        Array.Sort(data);
        var middle = data.Length / 2;
        return data.Length % 2 == 1 ? data[middle] : (data[middle - 1] + (double)data[middle]) / 2;
    }
}
