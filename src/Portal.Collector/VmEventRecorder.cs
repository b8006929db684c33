using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;
using Portal.Data;

namespace Portal.Collector;

/// <summary>
/// Records what hosts report about VMs (lifecycle, disks and NICs coming and going) for chart annotations, each with
/// the power action through the portal that caused it, if any (who did it); and ends operations left pending when
/// the guest's answer comes late. Events arrive on a host's event thread; they are queued there and written here in
/// batches, in order.
/// </summary>
public sealed partial class VmEventRecorder(IServiceScopeFactory scopes, FleetChanges changes, IOptions<CollectorOptions> options,
    ILogger<VmEventRecorder> logger) : BackgroundService
{
    /// <summary>How far back a power action through the portal may lie to be the cause of a host's event.</summary>
    private static readonly TimeSpan CauseWindow = TimeSpan.FromHours(1);

    /// <summary>Leeway between the audit entry's clock and the event's (both this machine's, read at different moments).</summary>
    private static readonly TimeSpan ClockLeeway = TimeSpan.FromMinutes(1);

    private readonly Channel<(int HostId, DomainEvent Event)> _queue =
        Channel.CreateBounded<(int, DomainEvent)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Enqueue(int hostId, DomainEvent e)
    {
        // Marks, and a removal the guest refused (which may end a pending removal).
        if (VmEventRules.KindOf(e) is not null || e.Kind == DomainEventKind.DeviceRemovalFailed) _queue.Writer.TryWrite((hostId, e));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(int HostId, DomainEvent Event)>();
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < 500 && _queue.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                await WriteAsync(batch, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Annotations are worth less than a running portal: drop this batch and carry on.
                LogWriteFailed(logger, batch.Count, e.Message);
            }
            batch.Clear();
        }
    }

    /// <summary>Writes everything queued so far (tests and shutdown).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var batch = new List<(int, DomainEvent)>();
        while (_queue.Reader.TryRead(out var item)) batch.Add(item);
        await WriteAsync(batch, cancellationToken);
    }

    private async Task WriteAsync(List<(int HostId, DomainEvent Event)> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return;
        var ids = await VmIdsAsync(batch, cancellationToken);
        var touched = new HashSet<int>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var lastLifecycle = new Dictionary<int, VmEventKind?>();
            foreach (var (_, e) in batch)
            {
                if (!ids.TryGetValue(e.Uuid, out var vmId)) continue;
                touched.Add(vmId);
                var cause = await CauseAsync(db, vmId, e, cancellationToken);
                if (VmEventRules.KindOf(e) is { } kind && await IsMarkedAsync(db, vmId, kind, e.TimeUtc, lastLifecycle, cancellationToken))
                    db.VmEvents.Add(new VmEvent(vmId, e.TimeUtc, kind, VmEventRules.DetailOf(e), cause));
                // Written at once when it took an audit entry: the next event's cause must not be the same one.
                if (await CompletePendingAsync(db, vmId, e, cancellationToken) || cause is not null) await db.SaveChangesAsync(cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
        }

        // A device or the state changed: the VM's record follows now rather than at the next sweep, so open pages
        // show it; a host that does not answer leaves that to the sweep, and the pages are told all the same.
        foreach (var vmId in touched)
        {
            // A scope and a time limit per VM: a host that hangs or a failed write never holds up the others.
            await using var vmScope = scopes.CreateAsyncScope();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(options.Value.SweepTimeout);
            try
            {
                await vmScope.ServiceProvider.GetRequiredService<InventorySync>().SyncVmAsync(vmId, limit.Token);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogSyncFailed(logger, vmId, e.Message);
            }
        }
        changes.Publish(new FleetChange(FleetChangeKind.Vm, touched.ToArray()));
    }

    /// <summary>
    /// The VM of each event's domain. A domain the inventory does not know yet (defined and started since the last
    /// sweep) is brought in by reading its host first, so that its first start is marked too.
    /// </summary>
    private async Task<Dictionary<Guid, int>> VmIdsAsync(List<(int HostId, DomainEvent Event)> batch, CancellationToken cancellationToken)
    {
        var uuids = batch.Select(b => b.Event.Uuid).Distinct().ToList();
        var ids = await KnownAsync(uuids, cancellationToken);
        var unknownOn = batch.Where(b => !ids.ContainsKey(b.Event.Uuid)).Select(b => b.HostId).Distinct().ToList();
        foreach (var hostId in unknownOn)
        {
            await using var scope = scopes.CreateAsyncScope();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(options.Value.SweepTimeout);
            try
            {
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                var host = await db.Hosts.SingleAsync(h => h.Id == hostId, limit.Token);
                await scope.ServiceProvider.GetRequiredService<InventorySync>().SyncHostAsync(host, limit.Token);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogHostSyncFailed(logger, hostId, e.Message);
            }
        }
        return unknownOn.Count == 0 ? ids : await KnownAsync(uuids, cancellationToken);
    }

    private async Task<Dictionary<Guid, int>> KnownAsync(List<Guid> uuids, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Vms.Where(v => uuids.Contains(v.Uuid)).ToDictionaryAsync(v => v.Uuid, v => v.Id, cancellationToken);
    }

    /// <summary>Whether the event is drawn, after the VM's latest lifecycle mark (this batch's, or the stored one).</summary>
    private static async Task<bool> IsMarkedAsync(PortalDbContext db, int vmId, VmEventKind kind, DateTime timeUtc,
        Dictionary<int, VmEventKind?> lastLifecycle, CancellationToken cancellationToken)
    {
        if (!VmEventRules.Lifecycle.Contains(kind)) return true;
        if (!lastLifecycle.TryGetValue(vmId, out var previous))
        {
            previous = await db.VmEvents.AsNoTracking()
                .Where(v => v.VmId == vmId && VmEventRules.Lifecycle.Contains(v.Kind) && v.TimeUtc <= timeUtc)
                .OrderByDescending(v => v.TimeUtc).ThenByDescending(v => v.Id)
                .Select(v => (VmEventKind?)v.Kind).FirstOrDefaultAsync(cancellationToken);
        }
        var marked = VmEventRules.IsMarked(kind, previous);
        if (marked) lastLifecycle[vmId] = kind;
        else lastLifecycle[vmId] = previous;
        return marked;
    }

    /// <summary>
    /// The power action through the portal that caused <paramref name="e"/>, if any: the latest of the fitting actions
    /// on this VM asked within the hour before, pending or done, and not yet the cause of another mark.
    /// </summary>
    private static async Task<long?> CauseAsync(PortalDbContext db, int vmId, DomainEvent e, CancellationToken cancellationToken)
    {
        var actions = PowerRules.ActionsCausing(e);
        if (actions.Count == 0) return null;
        var (from, to) = (e.TimeUtc - CauseWindow, e.TimeUtc + ClockLeeway);
        return await db.AuditEntries.AsNoTracking()
            .Where(a => a.VmId == vmId && actions.Contains(a.Action) && a.TimeUtc >= from && a.TimeUtc <= to
                        && (a.Outcome == AuditOutcome.Pending || a.Outcome == AuditOutcome.Succeeded)
                        && !db.VmEvents.Any(v => v.AuditEntryId == a.Id))
            .OrderByDescending(a => a.TimeUtc).ThenByDescending(a => a.Id)
            .Select(a => (long?)a.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Operations on this VM that gave up waiting for the guest (completed as pending, with a summary) and that this
    /// event ends: a disk released at last, a shutdown or reboot done after all, or not.
    /// </summary>
    /// <returns>Whether it completed any.</returns>
    private static async Task<bool> CompletePendingAsync(PortalDbContext db, int vmId, DomainEvent e, CancellationToken cancellationToken)
    {
        var to = e.TimeUtc + ClockLeeway;
        var pending = await db.AuditEntries
            .Where(a => a.VmId == vmId && a.Outcome == AuditOutcome.Pending && a.Summary != null && a.TimeUtc <= to)
            .ToListAsync(cancellationToken);
        var completed = false;
        foreach (var entry in pending)
        {
            if (PendingCompletion.For(entry.Action, entry.Parameters, e) is not { } completion) continue;
            entry.Complete(completion.Outcome, completion.Summary, completion.Error);
            completed = true;
        }
        return completed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-read VM {VmId} after its host reported an event: {Error}")]
    private static partial void LogSyncFailed(ILogger logger, int vmId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read host {HostId} for a VM its events name: {Error}")]
    private static partial void LogHostSyncFailed(ILogger logger, int hostId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record {Count} VM events: {Error}")]
    private static partial void LogWriteFailed(ILogger logger, int count, string error);
}
