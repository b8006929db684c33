using Portal.Testing;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Metrics;
using Portal.Data.TimeSeries;

namespace Portal.Data.Tests;

public class MetricStoreTests
{
    private static readonly DateTime Day0 = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly SeriesKey Cpu = new(Metric.CpuPercent);
    private static readonly SeriesKey ReadVda = new(Metric.DiskReadBytesPerSecond, "vda");
    private static readonly SeriesKey ReadVdb = new(Metric.DiskReadBytesPerSecond, "vdb");

    /// <summary>A migrated test database with a store on it; disposing removes both.</summary>
    private sealed class StoreUnderTest(TestDatabase database, StoreDatabase connections) : IAsyncDisposable
    {
        public MetricStore Store { get; } = new(connections, TierTable.Default);
        public string ConnectionString => database.ConnectionString;

        public static async Task<StoreUnderTest> CreateAsync(DatabaseProvider provider)
        {
            var database = await TestDatabase.CreateAsync(provider);
            await using (var db = database.NewContext()) await db.Database.MigrateAsync();
            return new StoreUnderTest(database, new StoreDatabase(provider, database.ConnectionString));
        }

        public async ValueTask DisposeAsync()
        {
            await connections.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    /// <summary>A known signal: cpu = minute-of-day % 97, with a hole from 02:00 to 03:00 on the first day.</summary>
    private static IEnumerable<VmSample> Signal(int vmId, DateTime from, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            var t = from.AddMinutes(5 * i);
            if (t >= Day0.AddHours(2) && t < Day0.AddHours(3)) continue;
            var minute = t.Hour * 60 + t.Minute;
            yield return new VmSample(vmId, t, new Dictionary<SeriesKey, double> { [Cpu] = minute % 97, [ReadVda] = minute * 10.0 });
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Raw_samples_come_back_on_the_grid_with_gaps_as_gaps(DatabaseProvider provider)
    {
        await using var subject = await StoreUnderTest.CreateAsync(provider);
        var store = subject.Store;
        await store.WriteAsync(Signal(1, Day0, 288).ToList());
        await store.WriteAsync(Signal(2, Day0, 288).Select(s => s with { Values = new Dictionary<SeriesKey, double> { [Cpu] = 99 } }).ToList());

        var set = await store.QueryAsync(1, Day0.AddHours(1), Day0.AddHours(4), 1000, MetricAggregate.Average, Day0.AddDays(1));

        Assert.Equal(Tier.Raw, set.Plan.Tier);
        Assert.Equal(36, set.Plan.Points);
        var cpu = set.Series.Single(s => s.Key == Cpu).Values;
        Assert.Equal(60 % 97, cpu[0]);
        Assert.Equal(Enumerable.Repeat(true, 12), cpu.Skip(12).Take(12).Select(float.IsNaN)); // 02:00-03:00
        Assert.Equal((3 * 60 + 5) % 97, cpu[25]);
        Assert.Equal([Cpu, ReadVda], set.Series.Select(s => s.Key));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Rollups_keep_the_average_and_maximum_of_the_raw_samples_and_their_gaps(DatabaseProvider provider)
    {
        await using var subject = await StoreUnderTest.CreateAsync(provider);
        var store = subject.Store;
        var samples = Signal(7, Day0, 3 * 288).ToList();
        await store.WriteAsync(samples);

        var buckets = await store.RollupAsync(Day0.AddDays(3).AddHours(2));
        var hourly = await store.QueryAsync(7, Day0, Day0.AddDays(3), 1000, MetricAggregate.Average, Day0.AddDays(60));
        var hourlyMax = await store.QueryAsync(7, Day0, Day0.AddDays(3), 1000, MetricAggregate.Maximum, Day0.AddDays(60));
        var daily = await store.QueryAsync(7, Day0, Day0.AddDays(3), 1000, MetricAggregate.Average, Day0.AddDays(500));

        Assert.Equal(73 + 3, buckets); // hours up to 01:00 of day 3 (the last is empty), and three days
        Assert.Equal(Tier.Hourly, hourly.Plan.Tier);
        Assert.Equal(Tier.Daily, daily.Plan.Tier);
        for (var hour = 0; hour < 72; hour++)
        {
            var inHour = samples.Where(s => s.TimeUtc >= Day0.AddHours(hour) && s.TimeUtc < Day0.AddHours(hour + 1)).Select(s => s.Values[Cpu]).ToList();
            var avg = hourly.Series.Single(s => s.Key == Cpu).Values[hour];
            var max = hourlyMax.Series.Single(s => s.Key == Cpu).Values[hour];
            if (inHour.Count == 0)
            {
                Assert.True(float.IsNaN(avg) && float.IsNaN(max), $"hour {hour} has no samples and must stay a gap");
                continue;
            }
            Assert.Equal(inHour.Average(), avg, 3);
            Assert.Equal(inHour.Max(), max, 3);
        }
        for (var day = 0; day < 3; day++)
        {
            var inDay = samples.Where(s => s.TimeUtc.Date == Day0.AddDays(day)).Select(s => s.Values[Cpu]).ToList();
            Assert.Equal(inDay.Average(), daily.Series.Single(s => s.Key == Cpu).Values[day], 3);
        }
        Assert.Equal(0, await store.RollupAsync(Day0.AddDays(3).AddHours(2))); // incremental: nothing twice
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Retention_removes_only_what_is_due(DatabaseProvider provider)
    {
        await using var subject = await StoreUnderTest.CreateAsync(provider);
        var store = subject.Store;
        await store.WriteAsync(Signal(3, Day0, 40 * 288).ToList());
        var now = Day0.AddDays(40);
        await store.RollupAsync(now);

        var removed = await store.PruneAsync(now);
        var raw = await store.QueryAsync(3, now.AddDays(-35), now.AddDays(-35).AddHours(2), 1000, MetricAggregate.Average, now);
        var hourlyOld = await store.QueryAsync(3, Day0, Day0.AddDays(2), 1000, MetricAggregate.Average, now);

        Assert.Equal(5 * 288 - 12, removed); // five days of raw rows (one hour of them was a gap); rollups are young
        Assert.Equal(Tier.Raw, raw.Plan.Tier);
        Assert.False(float.IsNaN(raw.Series.Single(s => s.Key == Cpu).Values[0])); // exactly at the cutoff: kept
        Assert.Equal(Tier.Hourly, hourlyOld.Plan.Tier);
        Assert.Equal(47, hourlyOld.Series.Single(s => s.Key == Cpu).Values.Count(v => !float.IsNaN(v)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_device_added_midway_gets_its_own_series_from_then_on(DatabaseProvider provider)
    {
        await using var subject = await StoreUnderTest.CreateAsync(provider);
        var store = subject.Store;
        var early = Signal(4, Day0.AddHours(6), 12).ToList();
        var late = Signal(4, Day0.AddHours(7), 12).Select(s => s with { Values = new Dictionary<SeriesKey, double>(s.Values) { [ReadVdb] = 42 } }).ToList();
        await store.WriteAsync(early);
        await store.WriteAsync(late);
        await store.WriteAsync(late.Take(1).Select(s => s with { Values = new Dictionary<SeriesKey, double> { [Cpu] = 5 } }).ToList()); // rewrite one step

        var set = await store.QueryAsync(4, Day0.AddHours(6), Day0.AddHours(8), 1000, MetricAggregate.Average, Day0.AddDays(1));

        var vdb = set.Series.Single(s => s.Key == ReadVdb).Values;
        Assert.All(vdb.Take(12), v => Assert.True(float.IsNaN(v)));
        Assert.Equal(42, vdb[13]);
        Assert.Equal(5, set.Series.Single(s => s.Key == Cpu).Values[12]);
        Assert.True(float.IsNaN(vdb[12]));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_query_never_returns_more_points_than_asked(DatabaseProvider provider)
    {
        await using var subject = await StoreUnderTest.CreateAsync(provider);
        var store = subject.Store;
        await store.WriteAsync(Signal(5, Day0, 7 * 288).ToList());

        var set = await store.QueryAsync(5, Day0, Day0.AddDays(7), 100, MetricAggregate.Maximum, Day0.AddDays(7));

        // Not rolled up yet: the hourly plan is filled from the raw tier, and the maxima survive the folding.
        Assert.Equal(Tier.Hourly, set.Plan.Tier);
        Assert.All(set.Series, s => Assert.InRange(s.Values.Length, 1, 100));
        Assert.Equal(96, set.Series.Single(s => s.Key == Cpu).Values.Max());
        Assert.DoesNotContain(set.Series.Single(s => s.Key == Cpu).Values.Skip(1), float.IsNaN);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_process_that_did_not_write_the_data_reads_and_rolls_it_up(DatabaseProvider provider)
    {
        // The web process reads what the collector (another process, or before a restart) wrote: its layouts are
        // unknown to this store instance and are loaded while rows are being read.
        await using var writer = await StoreUnderTest.CreateAsync(provider);
        await writer.Store.WriteAsync(Signal(8, Day0, 2 * 288).ToList());
        await using var connections = new StoreDatabase(provider, writer.ConnectionString);
        var reader = new MetricStore(connections, TierTable.Default);

        var raw = await reader.QueryAsync(8, Day0, Day0.AddHours(6), 1000, MetricAggregate.Average, Day0.AddDays(1));
        var rolled = await reader.RollupAsync(Day0.AddDays(2).AddHours(2));
        var hourly = await new MetricStore(connections, TierTable.Default).QueryAsync(8, Day0, Day0.AddDays(2), 1000, MetricAggregate.Average, Day0.AddDays(60));

        Assert.Equal(2, raw.Series.Count);
        Assert.True(rolled > 48);
        Assert.Equal(Tier.Hourly, hourly.Plan.Tier);
        Assert.Equal(47, hourly.Series.Single(s => s.Key == Cpu).Values.Count(v => !float.IsNaN(v)));
    }
}
