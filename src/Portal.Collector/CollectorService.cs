using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Hypervisor;
using Portal.Core.Metrics;
using Portal.Data;
using Portal.Data.TimeSeries;

namespace Portal.Collector;

/// <summary>
/// Every interval (aligned to the clock, so sweeps land on the store's grid) sweeps all enabled hosts at once,
/// each on its own: a host that fails or hangs never holds up the others. Then rolls up and, hourly, prunes.
/// </summary>
public sealed partial class CollectorService(
    IServiceScopeFactory scopes,
    HypervisorConnections connections,
    MetricStore store,
    VmEventRecorder events,
    FleetChanges changes,
    IOptions<CollectorOptions> options,
    TimeProvider time,
    ILogger<CollectorService> logger) : BackgroundService
{
    private readonly Dictionary<int, HostPoller> _pollers = [];
    private DateTime _lastPrune = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        var interval = store.Tiers[Tier.Raw].Step;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bug or an outage in one round must not end the collector (and with it the host): log and go on.
                LogRoundFailed(logger, e);
            }
            // A second past the next step boundary: every sweep falls into its own step.
            var now = time.GetUtcNow().UtcDateTime;
            var next = QueryPlan.Floor(now, interval) + interval + TimeSpan.FromSeconds(1);
            await Task.Delay(next - now, time, stoppingToken);
        }
    }

    /// <summary>One round over all enabled hosts, then store maintenance.</summary>
    public async Task SweepOnceAsync(CancellationToken cancellationToken = default)
    {
        List<int> hostIds;
        await using (var scope = scopes.CreateAsyncScope())
        {
            hostIds = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Hosts
                .Where(h => h.Enabled).Select(h => h.Id).ToListAsync(cancellationToken);
        }
        foreach (var id in hostIds.Where(id => !_pollers.ContainsKey(id)))
            _pollers[id] = new HostPoller(id, scopes, connections, store, events, options.Value, time, logger);
        foreach (var id in _pollers.Keys.Except(hostIds).ToList()) _pollers.Remove(id);

        var swept = await Task.WhenAll(_pollers.Values.Select(p => p.SweepAsync(cancellationToken)));
        await MaintainStoreAsync(cancellationToken);
        // Once per round, after the rollup: open pages re-read what they show (hosts that failed included).
        changes.Publish(new FleetChange(FleetChangeKind.Samples, swept.SelectMany(ids => ids).ToArray()));
    }

    private async Task MaintainStoreAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            await store.RollupAsync(now, cancellationToken);
            if (now - _lastPrune >= TimeSpan.FromHours(1))
            {
                await store.PruneAsync(now, cancellationToken);
                _lastPrune = now;
            }
        }
        catch (System.Data.Common.DbException e)
        {
            LogMaintenanceFailed(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A collector round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rollup or retention of the metric store failed: {Error}")]
    private static partial void LogMaintenanceFailed(ILogger logger, string error);
}
