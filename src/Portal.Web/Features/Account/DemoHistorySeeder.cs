using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Inventory;
using Portal.Core.Metrics;
using Portal.Data;
using Portal.Data.TimeSeries;
using Portal.Simulator;

namespace Portal.Web.Features.Account;

/// <summary>
/// On the demo's first start, 30 days of history for the simulated fleet (with the shop-web-01 incident two days
/// ago), written through the store's ordinary write path and rolled up, plus the events and audit entry of the story.
/// </summary>
public sealed partial class DemoHistorySeeder(PortalDbContext db, MetricStore store, TimeProvider time, ILogger<DemoHistorySeeder> logger)
{
    public static readonly TimeSpan Span = TimeSpan.FromDays(30);

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        if (!await store.IsEmptyAsync(cancellationToken)) return;
        var started = time.GetTimestamp();
        var now = time.GetUtcNow().UtcDateTime;
        var incident = DemoIncident.TwoDaysBefore(now);
        var ids = await db.Vms.Where(v => v.Present).ToDictionaryAsync(v => v.Uuid, v => v.Id, cancellationToken);
        var fleet = DemoFleet.Vms.Where(v => ids.ContainsKey(v.Uuid)).ToList();
        var step = store.Tiers[Tier.Raw].Step;

        // A day of the whole fleet per transaction: the write path the collector uses, in bigger batches.
        for (var day = now - Span; day < now; day += TimeSpan.FromDays(1))
        {
            var end = day + TimeSpan.FromDays(1) < now ? day + TimeSpan.FromDays(1) : now;
            var batch = fleet.SelectMany(vm => DemoHistory.For(vm, day, end, now, step, incident)
                .Select(s => new VmSample(ids[vm.Uuid], s.Time, s.Values))).ToList();
            await store.WriteAsync(batch, cancellationToken);
        }
        await store.RollupAsync(now, cancellationToken);
        await RecordStoryAsync(ids, incident, now, cancellationToken);
        var seconds = time.GetElapsedTime(started).TotalSeconds;
        LogSeeded(logger, fleet.Count, Span.TotalDays, seconds);
    }

    private async Task RecordStoryAsync(Dictionary<Guid, int> ids, DemoIncident incident, DateTime now, CancellationToken cancellationToken)
    {
        var web = DemoFleet.Vms.Single(v => v.Name == DemoIncident.VmName);
        if (ids.TryGetValue(web.Uuid, out var webId))
        {
            var tenantId = await db.Vms.Where(v => v.Id == webId).Select(v => v.TenantId).SingleAsync(cancellationToken);
            db.VmEvents.Add(new VmEvent(webId, incident.MemoryRaised, VmEventKind.MemoryChanged, "Memory 4 GiB → 8 GiB (maximum raised, applied with a restart)"));
            db.VmEvents.Add(new VmEvent(webId, incident.Restarted, VmEventKind.Restarted, "Power cycle to apply the new memory maximum"));
            db.AuditEntries.Add(new AuditEntry(incident.MemoryRaised, "ops@portal.example", AuditActions.SetMemory, tenantId, webId,
                JsonSerializer.Serialize(new { memoryKiB = DemoIncident.MemoryAfterKiB, maxMemoryKiB = DemoIncident.MemoryAfterKiB, restart = "now" }),
                AuditOutcome.Succeeded, null, "Memory 4 GiB → 8 GiB (maximum raised, applied with a restart)"));
        }
        foreach (var off in DemoFleet.Vms.Where(v => v.InitialState != VmState.Running && ids.ContainsKey(v.Uuid)))
            db.VmEvents.Add(new VmEvent(ids[off.Uuid], now - DemoHistory.OffFor, VmEventKind.Stopped, "Shut down by its owner"));
        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo history: {Vms} VMs x {Days} days written in {Seconds:0.0} s")]
    private static partial void LogSeeded(ILogger logger, int vms, double days, double seconds);
}
