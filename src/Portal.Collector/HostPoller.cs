using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Core.Hypervisor;
using Portal.Core.Metrics;
using Portal.Data;
using Portal.Data.TimeSeries;

namespace Portal.Collector;

/// <summary>
/// Sweeps one host: inventory, then one bulk-stats call, rates against the previous sweep, one write. It keeps the
/// previous readings between sweeps, learns of restarts from events, and backs off while the host fails.
/// </summary>
internal sealed partial class HostPoller(int hostId, IServiceScopeFactory scopes, HypervisorConnections connections,
    MetricStore store, VmEventRecorder events, CollectorOptions options, TimeProvider time, ILogger logger)
{
    private readonly Dictionary<Guid, (DateTime Time, DomainStats Stats)> _previous = [];
    private readonly ConcurrentDictionary<Guid, bool> _restarted = new();
    private readonly Backoff _backoff = new(options.RetryMin, options.RetryMax);
    private IHypervisorConnection? _watched;

    public int HostId => hostId;

    /// <summary>One sweep; the VMs it wrote samples for (none when the host failed or is backed off).</summary>
    public async Task<IReadOnlyCollection<int>> SweepAsync(CancellationToken cancellationToken)
    {
        if (_backoff.MustWait(time.GetUtcNow(), out _)) return [];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.SweepTimeout);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var host = await db.Hosts.SingleAsync(h => h.Id == hostId, timeout.Token);
            if (!await scope.ServiceProvider.GetRequiredService<InventorySync>().SyncHostAsync(host, timeout.Token))
            {
                _backoff.Failed(time.GetUtcNow(), host.LastError ?? "inventory failed");
                return [];
            }

            var connection = await connections.GetAsync(host.Uri, timeout.Token);
            Watch(connection);
            var sweep = await connection.GetStatsAsync(timeout.Token);
            var vms = await db.Vms.AsNoTracking().Where(v => v.HostId == hostId && v.Present)
                .Select(v => new { v.Id, v.Uuid, Nics = v.Nics.Select(n => new { n.Mac, n.HostDevice }).ToList() })
                .ToDictionaryAsync(v => v.Uuid, timeout.Token);

            var samples = new List<VmSample>(sweep.Domains.Count);
            foreach (var domain in sweep.Domains)
            {
                if (!vms.TryGetValue(domain.Uuid, out var vm)) continue;
                var taps = vm.Nics.Where(n => n.HostDevice is not null).ToDictionary(n => n.HostDevice!, n => n.Mac);
                var previous = _previous.TryGetValue(domain.Uuid, out var p) ? p : ((DateTime, DomainStats)?)null;
                var values = RateCalculator.Compute(previous, sweep.TimestampUtc, domain, tap => taps.GetValueOrDefault(tap),
                    restartedSince: _restarted.TryRemove(domain.Uuid, out _));
                if (values.Count > 0) samples.Add(new VmSample(vm.Id, sweep.TimestampUtc, values));
                _previous[domain.Uuid] = (sweep.TimestampUtc, domain);
            }
            foreach (var gone in _previous.Keys.Where(u => !vms.ContainsKey(u)).ToList()) _previous.Remove(gone);

            await store.WriteAsync(samples, timeout.Token);
            _backoff.Succeeded();
            return vms.Values.Select(v => v.Id).ToArray();
        }
        catch (Exception e) when (e is HypervisorException or System.Data.Common.DbException or DbUpdateException or TimeoutException
                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _backoff.Failed(time.GetUtcNow(), e.Message);
            LogSweepFailed(logger, hostId, e.Message);
            return [];
        }
    }

    /// <summary>Subscribes once per connection object (a reconnect inside it keeps the subscription).</summary>
    private void Watch(IHypervisorConnection connection)
    {
        if (ReferenceEquals(connection, _watched)) return;
        if (_watched is not null) _watched.EventReceived -= OnEvent;
        connection.EventReceived += OnEvent;
        _watched = connection;
    }

    private void OnEvent(DomainEvent e)
    {
        if (e.Kind == DomainEventKind.Started) _restarted[e.Uuid] = true;
        events.Enqueue(hostId, e);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep of host {HostId} failed: {Error}")]
    private static partial void LogSweepFailed(ILogger logger, int hostId, string error);
}
