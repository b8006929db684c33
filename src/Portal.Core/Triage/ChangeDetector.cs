namespace Portal.Core.Triage;

/// <summary>
/// Finds the onset of a change: the first sample outside the band that stays out, in the same direction, for at
/// least <see cref="MinRun"/> samples (gaps neither break nor count; a run cut short by the end of the data needs two).
/// </summary>
public static class ChangeDetector
{
    public const int MinRun = 3;

    /// <param name="direction">+1 for rises only, -1 for falls only, 0 for either.</param>
    public static SeriesChange? Find(float[] values, TimeGrid grid, Band band, int direction, int from = 0)
    {
        var i = from;
        while (i < values.Length)
        {
            var side = band.Side(values[i]);
            if (side == 0 || (direction != 0 && side != direction))
            {
                i++;
                continue;
            }
            var (count, last, next) = Run(values, band, side, i);
            var reachedEnd = next >= values.Length;
            if (count >= MinRun || (reachedEnd && count >= 2))
            {
                var run = values[i..(last + 1)].Where(v => band.Side(v) == side).ToArray();
                var peak = side > 0 ? run.Max() : run.Min();
                return new SeriesChange(i, last, grid.TimeAt(i), grid.TimeAt(last), side, band.Median, RobustStats.MedianOf(run), peak, band);
            }
            // Every start inside this run would stop at the same sample: go on from there.
            i = next;
        }
        return null;
    }

    /// <summary>The run from <paramref name="start"/>: samples out on <paramref name="side"/>, the last of them, and where it stopped.</summary>
    private static (int Count, int Last, int Next) Run(float[] values, Band band, int side, int start)
    {
        int count = 0, last = start, j = start;
        for (; j < values.Length; j++)
        {
            if (float.IsNaN(values[j])) continue;
            if (band.Side(values[j]) != side) break;
            count++;
            last = j;
        }
        return (count, last, j);
    }
}
