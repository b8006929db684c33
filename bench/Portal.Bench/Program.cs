using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Bench;
using Portal.Core.Metrics;
using Portal.Data;
using Portal.Data.TimeSeries;
using Portal.Web.Features.Vms.Metrics;

// Usage: dotnet run -c Release --project bench/Portal.Bench -- [--provider sqlite|postgres] [--vms 1000] [--days 90]
//        [--reps 300] [--sweep-vms 10000] [--sweep-hours 24] [--data DIR] [--fresh]
//        --audit [--rows 1000000]: the audit trail's grid instead (see AuditBench)
//        --triage [--host-vms 100]: triage of one VM and of a host instead (see TriageBench)
// PostgreSQL: the server in PORTAL_TEST_POSTGRES (./test.sh prints how it starts one), database portal_bench_*.
var options = Options.Parse(args);
if (args.Contains("--audit"))
{
    await AuditBench.RunAsync(options, args);
    return;
}
if (args.Contains("--triage"))
{
    await TriageBench.RunAsync(options, args);
    return;
}
var noiseBefore = Noise.Measure();
var report = BenchReport.Start($"# Store benchmark: {options.Provider}, {options.Vms:N0} VMs x {options.Days} days ({SyntheticFleet.DashboardSeries.Length} series each, 5-minute steps)", args);
void Say(string line) => report.Say(line);

var end = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
var tiers = TierTable.Default;

// 1. The dashboard fleet, loaded through the store's own write, rollup and retention path (reused when present).
await using (var database = await BenchDatabase.OpenAsync(options, $"fleet_{options.Vms}x{options.Days}"))
{
    var store = new MetricStore(database.Store, tiers);
    if (!database.Loaded)
    {
        var load = System.Diagnostics.Stopwatch.StartNew();
        for (var day = end.AddDays(-options.Days); day < end; day = day.AddDays(1))
        {
            var batch = new List<VmSample>(options.Vms * 288);
            for (var t = day; t < day.AddDays(1); t = t.AddMinutes(5))
                for (var vm = 1; vm <= options.Vms; vm++)
                    batch.Add(SyntheticFleet.Sample(vm, t, SyntheticFleet.DashboardSeries));
            await store.WriteAsync(batch);
            if ((day - end.AddDays(-options.Days)).Days % 10 == 9) Console.WriteLine($"  loaded {(day - end.AddDays(-options.Days)).Days + 1}/{options.Days} days ({load.Elapsed.TotalSeconds:0} s)");
        }
        var written = load.Elapsed;
        await store.RollupAsync(end.AddMinutes(1));
        var rolled = load.Elapsed - written;
        await store.PruneAsync(end);
        await database.MarkLoadedAsync();
        Say($"Loaded in {load.Elapsed.TotalSeconds:0} s (writes {written.TotalSeconds:0} s, rollup {rolled.TotalSeconds:0} s, retention {(load.Elapsed - written - rolled).TotalSeconds:0} s).");
        Say("");
    }

    var random = new Random(42);
    var buffer = new ArrayBufferWriter<byte>(256 * 1024);
    async Task<int> Dashboard(DateTime from, DateTime to)
    {
        var vm = random.Next(1, options.Vms + 1);
        var set = await store.QueryAsync(vm, from, to, 1000, MetricAggregate.Average, end);
        buffer.ResetWrittenCount();
        await using (var json = new Utf8JsonWriter(buffer)) MetricsJson.Write(json, vm, set, []);
        return buffer.WrittenCount;
    }

    var cases = new (string Name, DateTime From, string Limit)[]
    {
        ("30-day dashboard (hourly tier)", end.AddDays(-30), "p50 <= 3 ms, p95 <= 6 ms"),
        ("1-year dashboard (daily tier)", end.AddDays(-365), "p50 <= 10 ms"),
        ("2-hour window (raw tier)", end.AddHours(-2), "<= 1 ms"),
    };
    Say("## One VM's dashboard: every series, at most 1,000 points each, store query + chart JSON");
    Say("");
    Say("| case | p50 ms | p95 ms | p99 ms | mean ms | JSON bytes | target |");
    Say("| --- | --- | --- | --- | --- | --- | --- |");
    foreach (var (name, from, limit) in cases)
    {
        // Warm-up: JIT, and every VM's pages once, so that each case starts from the same (warm) cache.
        for (var vm = 1; vm <= options.Vms; vm++) await store.QueryAsync(vm, from, end, 1000, MetricAggregate.Average, end);
        for (var i = 0; i < 30; i++) await Dashboard(from, end);
        var timings = new Timings(name);
        var bytes = 0;
        for (var i = 0; i < options.Reps; i++) bytes = await timings.TimeAsync(() => Dashboard(from, end));
        Say(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {timings.Percentile(50):0.00} | {timings.Percentile(95):0.00} | {timings.Percentile(99):0.00} | {timings.Mean:0.00} | {bytes:N0} | {limit} |"));
    }
    var queryOnly = new Timings("30-day, store query alone");
    var jsonOnly = new Timings("30-day, JSON alone");
    for (var i = 0; i < options.Reps; i++)
    {
        var vm = random.Next(1, options.Vms + 1);
        var set = await queryOnly.TimeAsync(() => store.QueryAsync(vm, end.AddDays(-30), end, 1000, MetricAggregate.Average, end));
        await jsonOnly.TimeAsync(async () =>
        {
            buffer.ResetWrittenCount();
            await using (var json = new Utf8JsonWriter(buffer)) MetricsJson.Write(json, vm, set, []);
            return 0;
        });
    }
    foreach (var part in new[] { queryOnly, jsonOnly })
        Say(string.Create(CultureInfo.InvariantCulture, $"| {part.Name} | {part.Percentile(50):0.00} | {part.Percentile(95):0.00} | {part.Percentile(99):0.00} | {part.Mean:0.00} | | |"));
    Say("");
    Say($"{options.Reps} repetitions each, random VMs, after a warm-up that reads every VM once.");
    Say("");
    Say("## Bytes stored per VM per day");
    Say("");
    Say("| tier | bytes per VM per day |");
    Say("| --- | --- |");
    foreach (var tier in tiers.All)
    {
        var kept = Math.Min(options.Days, tier.Retention.TotalDays);
        var bytes = await database.TableBytesAsync(TierTablesName(tier.Tier));
        var perDay = bytes is { } b ? (b / (double)options.Vms / kept).ToString("N0", CultureInfo.InvariantCulture) : "not measured (needs the sqlite3 shell)";
        Say($"| {tier.Tier} (kept {kept:0} of the {options.Days} days loaded) | {perDay} |");
    }
    Say("");
}

// 2. One sweep of a big fleet, and the rollups of such a fleet.
await using (var database = await BenchDatabase.OpenAsync(options, $"sweep_{options.SweepVms}", fresh: true))
{
    var store = new MetricStore(database.Store, tiers);
    var keys = Enumerable.Range(0, options.SweepVms + 1).Select(SyntheticFleet.SweepSeries).ToArray();
    var sweepStart = end.AddDays(-1);
    var first = new Timings("first sweep");
    var sweeps = new Timings("sweep");
    var sweepCount = options.SweepHours * 12;
    for (var s = 0; s < sweepCount; s++)
    {
        var t = sweepStart.AddMinutes(5 * s);
        var batch = Enumerable.Range(1, options.SweepVms).Select(vm => SyntheticFleet.Sample(vm, t, keys[vm])).ToList();
        await (s == 0 ? first : sweeps).TimeAsync(async () => { await store.WriteAsync(batch); return 0; });
        if (s % 36 == 35) Console.WriteLine($"  swept {s + 1}/{sweepCount}");
    }
    var hourly = new Timings("hourly rollup");
    for (var h = 1; h <= options.SweepHours; h++)
        await hourly.TimeAsync(() => store.RollupAsync(sweepStart.AddHours(h).AddMinutes(6)));
    var daily = new Timings("daily rollup");
    if (options.SweepHours >= 24) await daily.TimeAsync(() => store.RollupAsync(sweepStart.AddDays(1).AddHours(1).AddMinutes(1)));

    var series = keys[1].Length;
    Say($"## Persisting sweeps of {options.SweepVms:N0} VMs (4 vCPUs, 2 disks, 1 NIC: {series} series each, {options.SweepVms * series:N0} values a sweep)");
    Say("");
    Say("| operation | p50 ms | p95 ms | runs | target |");
    Say("| --- | --- | --- | --- | --- |");
    Say(string.Create(CultureInfo.InvariantCulture, $"| first sweep (creates every VM's layout) | {first.Percentile(50):0} | - | 1 | |"));
    Say(string.Create(CultureInfo.InvariantCulture, $"| one sweep | {sweeps.Percentile(50):0} | {sweeps.Percentile(95):0} | {sweeps.Count} | <= 500 ms |"));
    Say(string.Create(CultureInfo.InvariantCulture, $"| hourly rollup of one hour of the fleet | {hourly.Percentile(50):0} | {hourly.Percentile(95):0} | {hourly.Count} | <= 1 s |"));
    if (daily.Count > 0) Say(string.Create(CultureInfo.InvariantCulture, $"| daily rollup of one day (24 hourly rows per VM) | {daily.Percentile(50):0} | - | 1 | <= 1 s per hour of data |"));
    Say("");
}

var noiseAfter = Noise.Measure();
report.SayNoise(noiseBefore, noiseAfter);
await report.WriteAsync($"store-{options.Provider.ToString().ToLowerInvariant()}");

static string TierTablesName(Tier tier) => tier switch { Tier.Raw => "metrics_raw", Tier.Hourly => "metrics_hourly", _ => "metrics_daily" };
