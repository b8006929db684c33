using Portal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Inventory;
using Portal.Core.Metrics;
using Portal.Core.Tenancy;
using Portal.Data.TimeSeries;

namespace Portal.Data.Tests;

public class CollectorTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_host_that_fails_does_not_stop_the_others_and_is_shown_failing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 2, 20, 0, 30, TimeSpan.Zero));
        await using var collector = await CollectorHost.StartAsync(database, clock);
        await collector.InScopeAsync(async db =>
        {
            db.Tenants.Add(new Tenant("acme", "Acme"));
            db.Hosts.Add(new HypervisorHost("node-a", "sim://node-a"));
            db.Hosts.Add(new HypervisorHost("node-x", "sim://node-x?down"));
            return await db.SaveChangesAsync();
        });

        await collector.Collector.SweepOnceAsync();
        clock.Advance(TimeSpan.FromMinutes(1)); // the simulator's counters follow this clock
        await collector.Collector.SweepOnceAsync();

        var hosts = await collector.InScopeAsync(db => db.Hosts.AsNoTracking().ToDictionaryAsync(h => h.Name));
        var web = await collector.InScopeAsync(db => db.Vms.SingleAsync(v => v.Name == "shop-web-01"));
        Assert.NotNull(hosts["node-a"].LastSeenUtc);
        Assert.Null(hosts["node-a"].LastError);
        Assert.Contains("down", hosts["node-x"].LastError, StringComparison.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var set = await collector.Services.GetRequiredService<MetricStore>().QueryAsync(web.Id, now.AddMinutes(-10), now.AddMinutes(1), 100, MetricAggregate.Average, now);
        var cpu = set.Series.Single(s => s.Key.Metric == Metric.CpuPercent).Values.Where(v => !float.IsNaN(v)).ToList();
        Assert.NotEmpty(cpu);
        Assert.All(cpu, v => Assert.InRange(v, 0.1f, 400f));
        // NICs are keyed by MAC, not by the tap name the host reports.
        var mac = Portal.Simulator.DemoFleet.Vms.Single(v => v.Name == "shop-web-01").Mac;
        Assert.Contains(set.Series, s => s.Key == new SeriesKey(Metric.NetTxBytesPerSecond, mac));
    }
}
