namespace Portal.Core.Triage;

/// <summary>
/// Finds the onset of a change: the first sample outside the band that stays out, in the same direction, for at
/// least <see cref="MinRun"/> samples (gaps neither break nor count; a run cut short by the end of the data needs two).
/// Where there is a seasonal band (the same hours days earlier) a sample is judged against it instead: it says what is
/// usual at that time of day better than the whole baseline does.
/// </summary>
public static class ChangeDetector
{
    public const int MinRun = 3;

    /// <param name="direction">+1 for rises only, -1 for falls only, 0 for either.</param>
    public static SeriesChange? Find(float[] values, TimeGrid grid, Band band, int direction, SeasonalBand? seasonal = null)
    {
        var i = 0;
        while (i < values.Length)
        {
            var side = Side(values, i, band, seasonal);
            if (side == 0 || (direction != 0 && side != direction))
            {
                i++;
                continue;
            }
            var (count, last, next) = Run(values, band, seasonal, side, i);
            var reachedEnd = next >= values.Length;
            if (count >= MinRun || (reachedEnd && count >= 2))
            {
                var run = Enumerable.Range(i, last - i + 1).Where(k => Side(values, k, band, seasonal) == side).Select(k => values[k]).ToArray();
                var peak = side > 0 ? run.Max() : run.Min();
                var usual = seasonal?.At(i) ?? band;
                return new SeriesChange(i, last, grid.TimeAt(i), grid.TimeAt(last), side, usual.Median, RobustStats.MedianOf(run), peak, usual);
            }
            // Every start inside this run would stop at the same sample: go on from there.
            i = next;
        }
        return null;
    }

    /// <summary>The run from <paramref name="start"/>: samples out on <paramref name="side"/>, the last of them, and where it stopped.</summary>
    private static (int Count, int Last, int Next) Run(float[] values, Band band, SeasonalBand? seasonal, int side, int start)
    {
        int count = 0, last = start, j = start;
        for (; j < values.Length; j++)
        {
            if (float.IsNaN(values[j])) continue;
            if (Side(values, j, band, seasonal) != side) break;
            count++;
            last = j;
        }
        return (count, last, j);
    }

    /// <summary>Which side of the usual range a sample is on: the seasonal band's where there is one, else the band's.</summary>
    private static int Side(float[] values, int index, Band band, SeasonalBand? seasonal) =>
        seasonal?.At(index) is { } usual ? usual.Side(values[index]) : band.Side(values[index]);
}
