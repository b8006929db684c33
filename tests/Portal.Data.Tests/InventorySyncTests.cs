using Portal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Collector;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Tenancy;
using Portal.Simulator;

namespace Portal.Data.Tests;

public class InventorySyncTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_host_inventory_is_stored_with_tenants_devices_and_state(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var connections = new HypervisorConnections([new SimulatorConnector(new SimulatorOptions(), TimeProvider.System)]);
        int hostId;
        await using (var db = database.NewContext())
        {
            await db.Database.MigrateAsync();
            db.Tenants.Add(new Tenant("acme", "Acme Shop"));
            var host = new HypervisorHost("node-a", "sim://node-a");
            db.Hosts.Add(host);
            await db.SaveChangesAsync();
            hostId = host.Id;

            Assert.True(await Sync(db, connections).SyncHostAsync(host));
        }

        await using var read = database.NewContext();
        var vms = await read.Vms.Include(v => v.Disks).Include(v => v.Nics).Include(v => v.Tenant).ToListAsync();
        var expected = DemoFleet.OnHost("node-a").ToList();
        Assert.Equal(expected.Select(v => v.Name).Order(), vms.Select(v => v.Name).Order());
        var web = vms.Single(v => v.Name == "shop-web-01");
        Assert.Equal(("acme", 4, 8L * 1024 * 1024, VmState.Running), (web.Tenant!.Slug, web.Vcpus, web.MemoryKiB, web.State));
        Assert.Equal(["vda", "vdb"], web.Disks.Select(d => d.Target).Order());
        Assert.Equal(DemoFleet.Vms.Single(v => v.Name == "shop-web-01").Mac, web.Nics.Single().Mac);
        Assert.NotNull((await read.Hosts.SingleAsync(h => h.Id == hostId)).LastSeenUtc);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Memory_set_for_the_next_start_is_stored_as_pending_until_a_restart_applies_it(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var connections = new HypervisorConnections([new SimulatorConnector(new SimulatorOptions(), TimeProvider.System)]);
        var web = DemoFleet.Vms.Single(v => v.Name == "shop-web-01");
        const long twelveGiB = 12L * 1024 * 1024, tenGiB = 10L * 1024 * 1024;
        var host = new HypervisorHost("node-a", "sim://node-a");
        await using (var db = database.NewContext())
        {
            await db.Database.MigrateAsync();
            db.Hosts.Add(host);
            await db.SaveChangesAsync();
            await Sync(db, connections).SyncHostAsync(host);
        }
        var connection = await connections.GetAsync(host.Uri);

        await connection.SetMemoryConfigAsync(web.Uuid, twelveGiB, tenGiB);
        var pending = await SyncAndReadAsync();
        await connection.PowerCycleAsync(web.Uuid, TimeSpan.FromSeconds(1));
        var applied = await SyncAndReadAsync();

        Assert.Equal((web.MemoryKiB, web.MaxMemoryKiB, tenGiB, twelveGiB),
            (pending.MemoryKiB, pending.MaxMemoryKiB, pending.NextStartMemoryKiB, pending.NextStartMaxMemoryKiB));
        Assert.Equal((tenGiB, twelveGiB), (applied.MemoryKiB, applied.MaxMemoryKiB));
        Assert.Null(applied.NextStartMemoryKiB);
        Assert.Null(applied.NextStartMaxMemoryKiB);

        async Task<Vm> SyncAndReadAsync()
        {
            await using (var db = database.NewContext())
            {
                db.Attach(host);
                Assert.True(await Sync(db, connections).SyncHostAsync(host));
            }
            await using var read = database.NewContext();
            return await read.Vms.AsNoTracking().SingleAsync(v => v.Uuid == web.Uuid);
        }
    }

    [Fact]
    public async Task A_host_that_cannot_be_reached_is_marked_with_its_error_and_keeps_its_vms()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var connections = new HypervisorConnections([new SimulatorConnector(new SimulatorOptions(), TimeProvider.System)]);
        await using var db = database.NewContext();
        await db.Database.MigrateAsync();
        var host = new HypervisorHost("node-x", "sim://node-x?down");
        db.Hosts.Add(host);
        await db.SaveChangesAsync();

        Assert.False(await Sync(db, connections).SyncHostAsync(host));

        await using var read = database.NewContext();
        var stored = await read.Hosts.SingleAsync();
        Assert.Contains("down", stored.LastError, StringComparison.Ordinal);
        Assert.Null(stored.LastSeenUtc);
    }

    [Fact]
    public async Task A_vm_gone_from_its_host_is_kept_but_marked_gone()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.NewContext();
        await db.Database.MigrateAsync();
        var host = new HypervisorHost("node-a", "sim://node-a");
        db.Hosts.Add(host);
        await db.SaveChangesAsync();
        var orphan = Vm.From(new DomainDescription(Guid.NewGuid(), "old-vm", VmState.ShutOff, 1, 1024, 1024, null, [], []), host.Id, null);
        db.Vms.Add(orphan);
        await db.SaveChangesAsync();
        await using var connections = new HypervisorConnections([new SimulatorConnector(new SimulatorOptions(), TimeProvider.System)]);

        await Sync(db, connections).SyncHostAsync(host);

        await using var read = database.NewContext();
        Assert.False((await read.Vms.SingleAsync(v => v.Name == "old-vm")).Present);
        Assert.True((await read.Vms.SingleAsync(v => v.Name == "shop-web-01")).Present);
    }

    private static InventorySync Sync(PortalDbContext db, HypervisorConnections connections) =>
        new(db, connections, new InventoryGate(), TimeProvider.System, NullLogger<InventorySync>.Instance);
}
