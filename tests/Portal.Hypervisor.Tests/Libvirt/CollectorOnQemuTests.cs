using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Inventory;
using Portal.Core.Metrics;
using Portal.Core.Tenancy;
using Portal.Data;
using Portal.Data.TimeSeries;
using Portal.Testing;

namespace Portal.Hypervisor.Tests.Libvirt;

/// <summary>The collector sweeping real libvirtd: inventory with the tenant tag, then plausible rates of a busy guest.</summary>
[Collection(QemuTests.Name)]
public sealed class CollectorOnQemuTests(QemuHost qemu)
{
    [Fact]
    public async Task Short_sweeps_of_a_real_guest_give_plausible_cpu_disk_and_network_rates()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var collector = await CollectorHost.StartAsync(database);
        await collector.InScopeAsync(async db =>
        {
            db.Tenants.Add(new Tenant("acme", "Acme"));
            db.Hosts.Add(new HypervisorHost("local", QemuGuest.Uri));
            return await db.SaveChangesAsync();
        });
        var store = collector.Services.GetRequiredService<MetricStore>();

        Dictionary<Metric, float> latest = [];
        using var deadline = new CancellationTokenSource(QemuGuest.Patience);
        while (!(latest.GetValueOrDefault(Metric.CpuPercent) > 0 && latest.GetValueOrDefault(Metric.DiskReadBytesPerSecond) > 0
                 && latest.GetValueOrDefault(Metric.NetTxBytesPerSecond) + latest.GetValueOrDefault(Metric.NetRxBytesPerSecond) > 0))
        {
            await collector.Collector.SweepOnceAsync(deadline.Token);
            latest = await LatestAsync(collector, store);
            await Task.Delay(TimeSpan.FromSeconds(2), deadline.Token); // a rate needs time between two readings
        }

        var vm = await collector.InScopeAsync(db => db.Vms.Include(v => v.Tenant).Include(v => v.Nics).SingleAsync(v => v.Uuid == qemu.Guest.Uuid));
        Assert.Equal("acme", vm.Tenant!.Slug);
        Assert.Equal(qemu.Guest.Mac, vm.Nics.Single().Mac);
        Assert.InRange(latest[Metric.CpuPercent], 0.1f, 200f); // two vCPUs: at most 200 % of a core
        Assert.InRange(latest[Metric.VcpuPercent], 0f, 100f);
        Assert.InRange(latest[Metric.DiskReadBytesPerSecond], 1f, 2e9f);
        Assert.True(latest[Metric.MemoryAllocationKiB] > 0);

        async Task<Dictionary<Metric, float>> LatestAsync(CollectorHost host, MetricStore metrics)
        {
            var id = await host.InScopeAsync(db => db.Vms.Where(v => v.Uuid == qemu.Guest.Uuid).Select(v => (int?)v.Id).SingleOrDefaultAsync());
            if (id is null) return [];
            var now = DateTime.UtcNow;
            var set = await metrics.QueryAsync(id.Value, now.AddMinutes(-5), now.AddMinutes(1), 10, MetricAggregate.Maximum, now);
            return set.Series.GroupBy(s => s.Key.Metric)
                .ToDictionary(g => g.Key, g => g.SelectMany(s => s.Values).Where(v => !float.IsNaN(v)).DefaultIfEmpty(float.NaN).Max());
        }
    }
}
