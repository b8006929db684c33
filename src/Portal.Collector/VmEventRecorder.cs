using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Data;

namespace Portal.Collector;

/// <summary>
/// Records what hosts report about VMs (lifecycle, disks and NICs coming and going) for chart annotations. Events
/// arrive on a host's event thread; they are queued there and written here in batches.
/// </summary>
public sealed partial class VmEventRecorder(IServiceScopeFactory scopes, FleetChanges changes, IOptions<CollectorOptions> options,
    ILogger<VmEventRecorder> logger) : BackgroundService
{
    private readonly Channel<(int HostId, DomainEvent Event)> _queue =
        Channel.CreateBounded<(int, DomainEvent)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Enqueue(int hostId, DomainEvent e)
    {
        if (KindOf(e) is not null) _queue.Writer.TryWrite((hostId, e));
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
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var uuids = batch.Select(b => b.Event.Uuid).Distinct().ToList();
        var ids = await db.Vms.Where(v => uuids.Contains(v.Uuid)).ToDictionaryAsync(v => v.Uuid, v => v.Id, cancellationToken);
        foreach (var (_, e) in batch)
        {
            if (ids.TryGetValue(e.Uuid, out var vmId) && KindOf(e) is { } kind)
                db.VmEvents.Add(new VmEvent(vmId, e.TimeUtc, kind, e.Device));
        }
        await db.SaveChangesAsync(cancellationToken);

        // A device or the state changed: the VM's record follows now rather than at the next sweep, so open pages
        // show it; a host that does not answer leaves that to the sweep, and the pages are told all the same.
        foreach (var vmId in ids.Values)
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
        changes.Publish(new FleetChange(FleetChangeKind.Vm, ids.Values.ToArray()));
    }

    /// <summary>What is worth an annotation; balloon changes are too chatty (every balloon step) and are left out.</summary>
    internal static VmEventKind? KindOf(DomainEvent e) => e.Kind switch
    {
        DomainEventKind.Started => VmEventKind.Started,
        DomainEventKind.Stopped or DomainEventKind.Shutdown => VmEventKind.Stopped,
        DomainEventKind.Crashed => VmEventKind.Crashed,
        DomainEventKind.Suspended => VmEventKind.Paused,
        DomainEventKind.Resumed => VmEventKind.Resumed,
        DomainEventKind.DeviceAdded when IsDisk(e.Device) => VmEventKind.DiskAdded,
        DomainEventKind.DeviceRemoved when IsDisk(e.Device) => VmEventKind.DiskRemoved,
        DomainEventKind.DeviceAdded when IsNic(e.Device) => VmEventKind.NicAdded,
        DomainEventKind.DeviceRemoved when IsNic(e.Device) => VmEventKind.NicRemoved,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-read VM {VmId} after its host reported an event: {Error}")]
    private static partial void LogSyncFailed(ILogger logger, int vmId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record {Count} VM events: {Error}")]
    private static partial void LogWriteFailed(ILogger logger, int count, string error);

    // libvirt aliases (virtio-disk1, scsi0-0-0-1, sata0-0-1, ua-*) or, from the simulator, targets (vdb, sdc).
    private static bool IsDisk(string? device) => device is not null &&
        (device.Contains("disk", StringComparison.Ordinal) || device.StartsWith("scsi", StringComparison.Ordinal)
         || device.StartsWith("sata", StringComparison.Ordinal) || System.Text.RegularExpressions.Regex.IsMatch(device, "^(vd|sd)[a-z]+$"));

    private static bool IsNic(string? device) => device is not null && device.StartsWith("net", StringComparison.Ordinal);
}
