namespace Portal.Core.Triage;

/// <summary>
/// Where a series left its usual range and stayed out: the onset (first sample of that run), the run's last sample,
/// the direction, the usual level before (baseline median), the level during the run (its median) and its extreme.
/// </summary>
public sealed record SeriesChange(int OnsetIndex, int EndIndex, DateTime OnsetUtc, DateTime EndUtc, int Direction, double Before, double After, double Peak, Band Band)
{
    /// <summary>How far it moved, in half-widths of its band: 1 is just out, 10 is far out.</summary>
    public double Size => Band.HalfWidth > 0 ? Math.Abs(After - Before) / Band.HalfWidth : 0;

    public bool Overlaps(SeriesChange other, TimeSpan slack) => OnsetUtc <= other.EndUtc + slack && other.OnsetUtc <= EndUtc + slack;
}
