namespace Portal.Core.Triage;

/// <summary>A signal read from the window and judged against its baselines.</summary>
public sealed record Judged(Signal Signal, float[] Values, Band? Band, SeriesChange? Change)
{
    /// <summary>The usual level (baseline median), or NaN without a baseline.</summary>
    public double Usual => Band?.Median ?? double.NaN;
}

/// <summary>
/// One analysis' working state: the input, the window's grid, signals judged once and remembered, and how times read
/// in the viewer's zone. Detectors ask it; it does no I/O.
/// </summary>
public sealed class TriageContext
{
    private readonly Dictionary<(string, int), Judged?> _judged = [];
    private readonly Dictionary<string, Reading> _read = [];

    /// <summary>A signal's values in the window and, once asked for, its bands.</summary>
    private sealed record Reading(float[]? Values, bool Banded = false, Band? Band = null, SeasonalBand? Seasonal = null);

    public TriageContext(TriageInput input)
    {
        Input = input;
        Grid = TimeGrid.Of(input.Incident.Plan);
    }

    public TriageInput Input { get; }
    public TimeGrid Grid { get; }
    public VmFacts Vm => Input.Vm;

    /// <summary>Every signal that changed, as judged so far (for ranking and host contention).</summary>
    public IEnumerable<SignalChange> Changes =>
        _judged.Values.Where(j => j?.Change is not null).Select(j => new SignalChange(j!.Signal.Id, j.Signal.Label, j.Signal.Unit, j.Change!))
            .DistinctBy(c => (c.Signal, c.Change.Direction, c.Change.OnsetIndex));

    /// <summary>
    /// The signal in the window with its band and its change in <paramref name="direction"/> (+1 up, -1 down, 0 either);
    /// null when the window has no such series.
    /// </summary>
    public Judged? Judge(Signal signal, int direction)
    {
        if (_judged.TryGetValue((signal.Id, direction), out var known)) return known;
        var reading = Bands(signal);
        Judged? result = null;
        if (reading.Values is { } values)
        {
            var change = reading.Band is { } usual ? ChangeDetector.Find(values, Grid, usual, direction, reading.Seasonal) : null;
            result = new Judged(signal, values, reading.Band, change);
        }
        return _judged[(signal.Id, direction)] = result;
    }

    /// <summary>The signal's values in the window (null when it has none), without judging them.</summary>
    public float[]? Values(Signal signal) => Read(signal).Values;

    /// <summary>The window's values, read once per signal.</summary>
    private Reading Read(Signal signal)
    {
        if (_read.TryGetValue(signal.Id, out var known)) return known;
        var values = signal.Read(Input.Incident) is { } v && v.Any(x => !float.IsNaN(x)) ? v : null;
        return _read[signal.Id] = new Reading(values);
    }

    /// <summary>The window's values with the signal's bands, built once per signal whatever the direction asked.</summary>
    private Reading Bands(Signal signal)
    {
        var read = Read(signal);
        if (read.Values is null || read.Banded) return read;
        var baseline = new List<float>();
        foreach (var b in Input.Baselines)
            if (signal.Read(b.Set) is { } part) baseline.AddRange(part);
        var band = Band.From(baseline, signal.Sensitivity) ?? (signal.ZeroWhenWell ? Band.NearZero(signal.Sensitivity) : null);
        return _read[signal.Id] = read with { Banded = true, Band = band, Seasonal = band is null ? null : Seasonal(signal) };
    }

    /// <summary>The same hours' range from the baselines a whole number of days before the window (see <see cref="SeasonalBand"/>).</summary>
    private SeasonalBand? Seasonal(Signal signal)
    {
        var aligned = new List<(float[], Metrics.QueryPlan, TimeSpan)>();
        foreach (var b in Input.Baselines)
        {
            var offset = Offset(b.Kind);
            if (offset.Ticks % TimeSpan.TicksPerDay != 0 || signal.Read(b.Set) is not { } values) continue;
            aligned.Add((values, b.Set.Plan, offset));
        }
        return SeasonalBand.Build(Grid, aligned, signal.Sensitivity);
    }

    private TimeSpan Offset(BaselineKind kind) => kind switch
    {
        BaselineKind.JustBefore => Input.Window.Span,
        BaselineKind.DayEarlier => TimeSpan.FromDays(1),
        _ => TimeSpan.FromDays(7),
    };

    /// <summary>A time of the window in the viewer's zone (see <see cref="TriageClock"/>).</summary>
    public string Clock(DateTime utc) => Clocks.Format(utc);

    public TriageClock Clocks => new(Input.Zone, Input.Window.Span);

    public static string Format(double value, TriageUnit unit) => TriageUnits.Format(value, unit);

    /// <summary>The first sample index of a run of at least <see cref="ChangeDetector.MinRun"/> samples meeting <paramref name="test"/>.</summary>
    public (int Onset, int End)? Sustained(float[] values, Func<float, bool> test)
    {
        var band = new Band(0, double.NegativeInfinity, 0.5, 0);
        var flags = values.Select(v => float.IsNaN(v) ? float.NaN : test(v) ? 1f : 0f).ToArray();
        return ChangeDetector.Find(flags, Grid, band, +1) is { } run ? (run.OnsetIndex, run.EndIndex) : null;
    }
}
