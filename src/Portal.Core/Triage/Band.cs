namespace Portal.Core.Triage;

/// <summary>
/// The usual range of a series: its baseline median, widened on each side by four robust standard deviations (MAD),
/// never less than the series' <see cref="Sensitivity"/> allows.
/// </summary>
public readonly record struct Band(double Median, double Low, double High, int Samples)
{
    public const double Sigmas = 4;

    /// <summary>Fewer baseline samples than this say too little about what is usual.</summary>
    public const int MinSamples = 6;

    /// <summary>The band of the baseline's values, or null when the baseline has too few.</summary>
    public static Band? From(IReadOnlyCollection<float> baseline, Sensitivity sensitivity)
    {
        if (RobustStats.Of(baseline) is not { } stats) return null;
        var samples = baseline.Count(v => !float.IsNaN(v));
        if (samples < MinSamples) return null;
        var half = Math.Max(Math.Max(Sigmas * RobustStats.MadToSigma * stats.Mad, sensitivity.Relative * Math.Abs(stats.Median)), sensitivity.Floor);
        return new Band(stats.Median, stats.Median - half, stats.Median + half, samples);
    }

    /// <summary>For a series that is near zero when all is well, without a baseline: up to its floor counts as usual.</summary>
    public static Band NearZero(Sensitivity sensitivity) => new(0, -sensitivity.Floor, sensitivity.Floor, 0);

    public double HalfWidth => High - Median;

    /// <summary>+1 above the band, -1 below it, 0 inside (or a gap).</summary>
    public int Side(float value) => float.IsNaN(value) ? 0 : value > High ? 1 : value < Low ? -1 : 0;
}
