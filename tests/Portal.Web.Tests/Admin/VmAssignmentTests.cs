using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Metrics;
using Portal.Data;
using Portal.Web.Features.Vms.Metrics;
using Portal.Web.Security;
using Portal.Web.Tests.Ops;

namespace Portal.Web.Tests.Admin;

public class VmAssignmentTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_reassigned_vm_is_written_to_its_host_and_each_tenant_sees_only_its_own_time()
    {
        var admin = await portal.UserAsync("admin@portal.example");
        var alice = await portal.UserAsync("alice@acme.example");
        var gus = await portal.UserAsync("gus@globex.example");
        var vmId = await portal.Services.VmIdAsync("shop-cache-01");
        var vm = await portal.VmAsync(admin, "shop-cache-01");
        var before = DateTime.UtcNow;

        var outcome = Assert.Single(await portal.AssignAsync(admin, await portal.TenantIdAsync("globex"), vmId));

        Assert.True(outcome.Succeeded, outcome.Message);
        // The host's metadata is the truth: it says globex now.
        var host = await portal.Services.GetRequiredService<HypervisorConnections>().GetAsync(vm.Host!.Uri);
        Assert.Equal("globex", (await host.GetDomainAsync(vm.Uuid)).TenantTag);
        // The previous owner no longer finds it; the new owner does.
        Assert.Null(await portal.FindVmAsync(alice, vmId));
        Assert.NotNull(await portal.FindVmAsync(gus, vmId));
        Assert.Null(await ReadAsync(alice, vmId));

        // 30 days of history exist; the new owner sees none of it, staff see all of it and where ownership changed.
        var forGus = (await ReadAsync(gus, vmId))!;
        var forStaff = (await ReadAsync(admin, vmId))!;
        Assert.All(Points(forGus), p => Assert.True(p >= before.AddMinutes(-1), $"globex sees a point of {p:O}, before it owned the VM"));
        Assert.Contains(Points(forStaff), p => p < before.AddDays(-1));
        Assert.Contains(forStaff.Ownership, o => o.TenantName == "Globex Analytics" && o.FromUtc >= before.AddMinutes(-1));
        Assert.Empty(forGus.Ownership);
        Assert.DoesNotContain(forGus.Events, e => e.TimeUtc < before.AddMinutes(-1));

        // The change list: the new owner sees the assignment, not what was done before.
        var changes = await portal.CallAsync<Portal.Web.Features.Audit.AuditLog, IReadOnlyList<Portal.Web.Features.Audit.AuditRow>>(
            a => a.ChangesOfVmAsync(gus.Scope(), vmId, CancellationToken.None));
        Assert.All(changes, c => Assert.True(c.TimeUtc >= before.AddMinutes(-1)));
        Assert.Contains(changes, c => c.Action == AuditActions.AssignVm);

        // Inventory sync reads the host and keeps the assignment (the next sweep does not undo it).
        await portal.CallAsync<Portal.Collector.InventorySync, bool>(async s => { await s.SyncVmAsync(vmId); return true; });
        Assert.NotNull(await portal.FindVmAsync(gus, vmId));
    }

    [Fact]
    public async Task Several_vms_are_assigned_each_on_its_own_and_unassigning_hides_them_from_every_customer()
    {
        var admin = await portal.UserAsync("admin@portal.example");
        var gus = await portal.UserAsync("gus@globex.example");
        var ids = new[] { await portal.Services.VmIdAsync("globex-api-01"), await portal.Services.VmIdAsync("globex-report-01"), 999_999 };

        var outcomes = await portal.AssignAsync(admin, null, ids);

        Assert.Equal([true, true, false], outcomes.Select(o => o.Succeeded));
        Assert.Contains("no such VM", outcomes[2].Message, StringComparison.Ordinal);
        Assert.Null(await portal.FindVmAsync(gus, ids[0]));
        Assert.Null(await portal.FindVmAsync(gus, ids[1]));
        Assert.NotNull(await portal.FindVmAsync(admin, ids[0]));

        var back = await portal.AssignAsync(admin, await portal.TenantIdAsync("globex"), ids[0], ids[1]);
        Assert.All(back, o => Assert.True(o.Succeeded, o.Message));
        Assert.NotNull(await portal.FindVmAsync(gus, ids[0]));
        // Globex owned it before it was unassigned: that history is its own again.
        var series = (await ReadAsync(gus, ids[0]))!;
        Assert.Contains(Points(series), p => p < DateTime.UtcNow.AddDays(-1));
    }

    private Task<VmSeriesResult?> ReadAsync(System.Security.Claims.ClaimsPrincipal user, int vmId)
    {
        var now = DateTime.UtcNow;
        return portal.CallAsync<VmSeries, VmSeriesResult?>(s => s.ReadAsync(user.Scope(), vmId, now.AddDays(-30), now.AddMinutes(1), 500, MetricAggregate.Average));
    }

    /// <summary>The start of every bucket that has a value in any series.</summary>
    private static IEnumerable<DateTime> Points(VmSeriesResult result)
    {
        var plan = result.Set.Plan;
        return Enumerable.Range(0, plan.Points)
            .Where(i => result.Set.Series.Any(s => !float.IsNaN(s.Values[i])))
            .Select(i => plan.GridStart + plan.Bucket * i);
    }
}

/// <summary>On a portal of its own: the test takes a host away.</summary>
public class AssignmentOnUnreachableHostTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_vm_whose_host_cannot_be_reached_fails_cleanly_audited_with_nothing_changed()
    {
        var admin = await portal.UserAsync("admin@portal.example");
        var vmId = await portal.Services.VmIdAsync("initech-git-01");
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            // The host goes away: its address now answers nothing (the simulator's "down" host).
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var host = await db.Hosts.SingleAsync(h => db.Vms.Any(v => v.Id == vmId && v.HostId == h.Id));
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE Hosts SET Uri = {"sim://unreachable?down"} WHERE Id = {host.Id}");
        }
        var before = await portal.TenancySnapshotAsync();

        var outcome = Assert.Single(await portal.AssignAsync(admin, await portal.TenantIdAsync("acme"), vmId));

        Assert.False(outcome.Succeeded);
        Assert.Contains("Nothing was changed", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(before, await portal.TenancySnapshotAsync());
        var entry = await portal.LastAuditAsync(AuditActions.AssignVm);
        Assert.Equal((AuditOutcome.Failed, vmId), (entry!.Outcome, entry.VmId));
    }
}
