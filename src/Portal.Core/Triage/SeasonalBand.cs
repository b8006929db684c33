using Portal.Core.Metrics;

namespace Portal.Core.Triage;

/// <summary>
/// The usual range point by point, from the baselines a whole number of days earlier: at 01:00 a nightly batch job is
/// usual if it ran at 01:00 yesterday or last week too. Each point's band is built like <see cref="Band"/> from the
/// samples within half an hour of the same time of day. A point without such samples has no band here.
/// </summary>
public sealed class SeasonalBand
{
    public static readonly TimeSpan Neighbourhood = TimeSpan.FromMinutes(30);

    private readonly Band?[] _bands;

    private SeasonalBand(Band?[] bands) => _bands = bands;

    /// <param name="aligned">Each baseline's values with its grid and how long before the window it lies (whole days).</param>
    public static SeasonalBand? Build(TimeGrid grid, IReadOnlyList<(float[] Values, QueryPlan Plan, TimeSpan Offset)> aligned, Sensitivity sensitivity)
    {
        if (aligned.Count == 0) return null;
        var reach = Math.Max(1, (int)Math.Ceiling(Neighbourhood / grid.Step));
        var bands = new Band?[grid.Points];
        var samples = new List<float>();
        for (var i = 0; i < grid.Points; i++)
        {
            samples.Clear();
            foreach (var (values, plan, offset) in aligned)
            {
                var then = grid.TimeAt(i) - offset;
                var centre = (int)Math.Round((then - plan.GridStart) / plan.Bucket);
                for (var j = Math.Max(0, centre - reach); j <= Math.Min(values.Length - 1, centre + reach); j++) samples.Add(values[j]);
            }
            bands[i] = Band.From(samples, sensitivity);
        }
        return new SeasonalBand(bands);
    }

    /// <summary>The point's band; null where it has none.</summary>
    public Band? At(int index) => index < _bands.Length ? _bands[index] : null;
}
