using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Metrics;
using Portal.Core.Triage;

namespace Portal.Core.Tests.Triage;

/// <summary>
/// A synthetic VM for triage tests: 4 vCPUs near 30 %, 4 GiB (maximum 4 GiB) with 2.8 GiB used, one disk, one NIC
/// with steady traffic, a little noise everywhere; the same ordinary behaviour in the baselines. A test bends the
/// window's series from some time on (or blanks them: NaN is a gap) and analyses.
/// </summary>
internal sealed class Scenario
{
    public const string Mac = "52:54:00:aa:bb:cc";
    public const long GiB = 1024 * 1024;
    public static readonly DateTime Day = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime Problem = Day.AddHours(20).AddMinutes(50);

    private readonly Dictionary<SeriesKey, Func<DateTime, double>> _normal = [];
    private readonly List<(SeriesKey Key, DateTime From, DateTime To, Func<DateTime, double, double> Bend)> _bends = [];

    public Scenario(bool balloon = true, int vcpus = 4)
    {
        Vcpus = vcpus;
        for (var i = 0; i < vcpus; i++)
        {
            Normal(new(Metric.VcpuPercent, I(i)), 30, 3);
            Normal(new(Metric.VcpuStealPercent, I(i)), 0.3, 0.1);
        }
        _normal[new(Metric.CpuPercent)] = t => Enumerable.Range(0, Vcpus).Sum(i => Value(new(Metric.VcpuPercent, I(i)), t)) + 1;
        if (balloon)
        {
            Normal(new(Metric.MemoryAllocationKiB), 4 * GiB, 0);
            Normal(new(Metric.MemoryMaximumKiB), 4 * GiB, 0);
            Normal(new(Metric.MemoryAvailableKiB), 4 * GiB, 0);
            Normal(new(Metric.MemoryUsedKiB), 2.8 * GiB, 50 * 1024);
            Normal(new(Metric.SwapInKiBPerSecond), 0.3, 0.2);
            Normal(new(Metric.SwapOutKiBPerSecond), 0.4, 0.3);
            Normal(new(Metric.MajorFaultsPerSecond), 0.1, 0.1);
        }
        foreach (var disk in new[] { "vda", "vdb" })
        {
            Normal(new(Metric.DiskReadBytesPerSecond, disk), 1 << 20, 200_000);
            Normal(new(Metric.DiskWriteBytesPerSecond, disk), 512 << 10, 100_000);
            Normal(new(Metric.DiskReadLatencyMs, disk), 1, 0.3);
            Normal(new(Metric.DiskWriteLatencyMs, disk), 2, 0.5);
        }
        Normal(new(Metric.NetRxBytesPerSecond, Mac), 1_000_000, 150_000);
        Normal(new(Metric.NetTxBytesPerSecond, Mac), 3_000_000, 400_000);
        foreach (var m in new[] { Metric.NetRxErrorsPerSecond, Metric.NetTxErrorsPerSecond, Metric.NetRxDropsPerSecond, Metric.NetTxDropsPerSecond })
            Normal(new(m, Mac), 0, 0);
    }

    public int Vcpus { get; }
    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(5);
    public TriageWindow Window { get; set; } = TriageWindow.Around(Problem);
    public TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Utc;
    public List<VmEvent> Events { get; } = [];
    public List<PortalChange> Changes { get; } = [];
    public bool WithBaselines { get; set; } = true;
    public long MaxMemoryNowKiB { get; set; } = 4 * GiB;
    public long MemoryNowKiB { get; set; } = 4 * GiB;
    public IReadOnlyList<DiskFact> Disks { get; set; } = [new("vda", DiskCache.None, DiskIo.Native), new("vdb", DiskCache.Writeback, DiskIo.Threads)];

    public static string I(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>From <paramref name="from"/> (to <paramref name="to"/>) in the window, the series is bent: f(time, ordinary value).</summary>
    public Scenario Bend(SeriesKey key, DateTime from, Func<DateTime, double, double> bend, DateTime? to = null)
    {
        _bends.Add((key, from, to ?? DateTime.MaxValue, bend));
        return this;
    }

    public Scenario Set(SeriesKey key, DateTime from, double value, DateTime? to = null) => Bend(key, from, (_, _) => value, to);

    /// <summary>The ordinary behaviour itself bent, in the baselines as in the window (a daily rhythm).</summary>
    public Scenario Usually(SeriesKey key, Func<DateTime, double, double> bend)
    {
        var ordinary = _normal[key];
        _normal[key] = t => bend(t, ordinary(t));
        return this;
    }

    /// <summary>Every series blank in [from, to): no samples at all.</summary>
    public Scenario Gap(DateTime from, DateTime to)
    {
        foreach (var key in _normal.Keys.ToList()) Set(key, from, double.NaN, to);
        return this;
    }

    public Scenario Without(Metric metric)
    {
        foreach (var key in _normal.Keys.Where(k => k.Metric == metric).ToList()) _normal.Remove(key);
        return this;
    }

    public TriageInput Input()
    {
        var baselines = WithBaselines
            ? Window.Baselines().Select(b => new Baseline(b.Kind, Set(b.FromUtc, b.ToUtc, incident: false))).ToList()
            : [];
        return new TriageInput(Window, new VmFacts("vm-under-test", Vcpus, MemoryNowKiB, MaxMemoryNowKiB, Disks),
            Set(Window.FromUtc, Window.ToUtc, incident: true), baselines, Events, Changes, Zone);
    }

    public TriageReport Analyze() => TriageAnalysis.Analyze(Input());

    private void Normal(SeriesKey key, double level, double noise) =>
        _normal[key] = t => Math.Max(0, level + noise * Noise(key, t));

    private double Value(SeriesKey key, DateTime t) => _normal[key](t);

    private SeriesSet Set(DateTime from, DateTime to, bool incident)
    {
        var points = (int)((to - from) / Step);
        var plan = new QueryPlan(Tier.Raw, Step, Step, from, points);
        var series = new List<SeriesValues>();
        foreach (var key in _normal.Keys.OrderBy(k => k.Metric).ThenBy(k => k.Instance, StringComparer.Ordinal))
        {
            var values = new float[points];
            for (var i = 0; i < points; i++)
            {
                var t = from + Step * i;
                var value = Value(key, t);
                if (incident)
                    foreach (var bend in _bends.Where(b => b.Key == key && t >= b.From && t < b.To)) value = bend.Bend(t, value);
                values[i] = (float)value;
            }
            series.Add(new SeriesValues(key, values));
        }
        // CPU follows the vCPUs it is the sum of, bent or not.
        var cpu = series.FindIndex(s => s.Key.Metric == Metric.CpuPercent);
        if (incident && cpu >= 0 && !_bends.Any(b => b.Key.Metric == Metric.CpuPercent))
        {
            var vcpus = series.Where(s => s.Key.Metric == Metric.VcpuPercent).ToList();
            var sum = new float[points];
            for (var i = 0; i < points; i++) sum[i] = vcpus.Sum(v => v.Values[i]) + 1;
            series[cpu] = series[cpu] with { Values = sum };
        }
        return new SeriesSet(plan, MetricAggregate.Average, series);
    }

    /// <summary>Deterministic noise in [-1, 1] per series and time.</summary>
    private static double Noise(SeriesKey key, DateTime t)
    {
        var seed = (ulong)key.Metric;
        foreach (var c in key.Instance) seed = seed * 31 + c;
        var h = (ulong)t.Ticks * 0x9E3779B97F4A7C15UL ^ seed * 0xC2B2AE3D27D4EB4FUL;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        return (h >> 11) * (2.0 / (1UL << 53)) - 1;
    }

    public static DateTime At(int hour, int minute) => Day.AddHours(hour).AddMinutes(minute);
}
