using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Inventory;
using Portal.Core.Metrics;
using Portal.Data;
using Portal.Data.TimeSeries;
using Portal.Simulator;

namespace Portal.Web.Tests;

/// <summary>The demo's 30 days, as seeded on first start: the incident is in the stored series.</summary>
public class DemoHistoryTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Swap_climbs_before_the_network_falls_with_no_vcpu_saturated_then_a_restart_with_more_memory()
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<MetricStore>();
        var vm = await db.Vms.SingleAsync(v => v.Name == DemoIncident.VmName);
        var incident = DemoIncident.TwoDaysBefore(DateTime.UtcNow);
        var now = DateTime.UtcNow;

        var set = await store.QueryAsync(vm.Id, incident.DayUtc.AddHours(19), incident.DayUtc.AddHours(22), 1000, MetricAggregate.Average, now);
        var times = Enumerable.Range(0, set.Plan.Points).Select(i => set.Plan.GridStart + set.Plan.Bucket * i).ToArray();
        float[] Sum(Metric metric) => Enumerable.Range(0, set.Plan.Points)
            .Select(i => set.Series.Where(s => s.Key.Metric == metric).Sum(s => s.Values[i])).ToArray();
        var swapOut = Sum(Metric.SwapOutKiBPerSecond);
        var netTx = Sum(Metric.NetTxBytesPerSecond);
        var diskRead = Sum(Metric.DiskReadBytesPerSecond);
        var vcpus = set.Series.Where(s => s.Key.Metric == Metric.VcpuPercent).ToList();

        Assert.Equal(Tier.Raw, set.Plan.Tier);
        var before = Enumerable.Range(0, 12).ToArray(); // 19:00-20:00, an ordinary evening hour
        var swapBaseline = before.Average(i => swapOut[i]);
        var netBaseline = before.Average(i => netTx[i]);
        var swapClimb = Array.FindIndex(swapOut, v => v > 20 * swapBaseline);
        var netFall = Array.FindIndex(netTx, v => v < 0.1 * netBaseline);
        Assert.True(swapClimb >= 0 && netFall >= 0, "both the swap climb and the network fall must be there");
        Assert.True(times[swapClimb] < times[netFall], $"swap climbs at {times[swapClimb]:HH:mm}, network falls at {times[netFall]:HH:mm}");
        Assert.InRange(times[netFall], incident.DayUtc.AddHours(20).AddMinutes(45), incident.DayUtc.AddHours(20).AddMinutes(55));
        Assert.Equal(4, vcpus.Count);
        int[] During(int fromMinute, int toMinute) => Enumerable.Range(0, times.Length)
            .Where(i => times[i] >= incident.DayUtc.AddHours(20).AddMinutes(fromMinute) && times[i] < incident.DayUtc.AddHours(20).AddMinutes(toMinute)).ToArray();
        var pressure = During(20, 50);
        var down = During(50, 65);
        foreach (var vcpu in vcpus)
        {
            Assert.All(pressure, i => Assert.InRange(vcpu.Values[i], 18f, 35f)); // busy, none saturated
            Assert.True(down.Average(i => vcpu.Values[i]) < pressure.Average(i => vcpu.Values[i]), "CPU dips during the outage");
        }
        var outage = Enumerable.Range(netFall, 3).ToArray();
        Assert.All(outage, i => Assert.InRange(diskRead[i], 0.3f * before.Average(j => diskRead[j]), 3f * before.Average(j => diskRead[j])));
        var restartIndex = Array.FindIndex(times, t => t == incident.Restarted);
        Assert.True(float.IsNaN(set.Series.Single(s => s.Key.Metric == Metric.CpuPercent).Values[restartIndex]), "the restart is a gap");
        var allocation = set.Series.Single(s => s.Key.Metric == Metric.MemoryAllocationKiB).Values;
        Assert.Equal(DemoIncident.MemoryBeforeKiB, allocation[0]);
        Assert.Equal(DemoIncident.MemoryAfterKiB, allocation[^1]);

        var events = await db.VmEvents.Where(e => e.VmId == vm.Id).Select(e => e.Kind).ToListAsync();
        Assert.Contains(VmEventKind.Restarted, events);
        Assert.Contains(VmEventKind.MemoryChanged, events);
        var audit = Assert.Single(await db.AuditEntries.Where(a => a.VmId == vm.Id && a.Action == Portal.Core.Audit.AuditActions.SetMemory).ToListAsync());
        Assert.Equal(Portal.Core.Audit.AuditOutcome.Succeeded, audit.Outcome);
    }

    [Fact]
    public async Task Thirty_days_are_there_for_every_running_vm_rolled_up_hourly()
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<MetricStore>();
        var now = DateTime.UtcNow;

        foreach (var vm in await db.Vms.Where(v => v.State == VmState.Running).ToListAsync())
        {
            var set = await store.QueryAsync(vm.Id, now.AddDays(-30), now, 1000, MetricAggregate.Average, now);
            var cpu = set.Series.Single(s => s.Key.Metric == Metric.CpuPercent).Values;
            Assert.Equal(Tier.Hourly, set.Plan.Tier);
            Assert.True(cpu.Count(v => !float.IsNaN(v)) >= 715, $"{vm.Name} has {cpu.Count(v => !float.IsNaN(v))} hourly points");
        }
    }

    [Fact]
    public async Task Vms_that_are_off_now_have_history_until_they_were_shut_down()
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<MetricStore>();
        var now = DateTime.UtcNow;

        foreach (var vm in await db.Vms.Where(v => v.State == VmState.ShutOff).ToListAsync())
        {
            var set = await store.QueryAsync(vm.Id, now.AddDays(-7), now, 168, MetricAggregate.Average, now);
            var cpu = set.Series.Single(s => s.Key.Metric == Metric.CpuPercent).Values;
            var times = Enumerable.Range(0, cpu.Length).Select(i => set.Plan.GridStart + set.Plan.Bucket * i).ToArray();
            Assert.True(cpu.Where((v, i) => times[i] < now - DemoHistory.OffFor - TimeSpan.FromHours(1)).All(v => !float.IsNaN(v)), $"{vm.Name} was on until five days ago");
            Assert.True(cpu.Where((v, i) => times[i] > now - DemoHistory.OffFor + TimeSpan.FromHours(1)).All(float.IsNaN), $"{vm.Name} is off since");
        }
    }
}
