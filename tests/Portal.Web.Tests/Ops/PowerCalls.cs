using System.Security.Claims;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Collector;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Metrics;
using Portal.Data;
using Portal.Web.Features.Ops;
using Portal.Web.Features.Vms;
using Portal.Web.Features.Vms.Metrics;
using Portal.Web.Security;

namespace Portal.Web.Tests.Ops;

/// <summary>What the VM page's power buttons and dialog do, and what a test then looks at, against a running portal.</summary>
internal static class PowerCalls
{
    /// <summary>What the power dialog's confirm button does; each call is a dialog of its own (a new operation id).</summary>
    public static Task<OperationOutcome> PowerAsync(this PortalFactory portal, ClaimsPrincipal user, Vm vm, PowerAction action) =>
        portal.CallAsync<PowerOperations, OperationOutcome>(power => power.RunAsync(user, vm, action, Guid.NewGuid(), CancellationToken.None));

    /// <summary>The VM's events from <paramref name="sinceUtc"/> on, in order.</summary>
    public static async Task<List<VmEvent>> EventsAsync(this IServiceProvider services, int vmId, DateTime sinceUtc)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().VmEvents.AsNoTracking()
            .Where(e => e.VmId == vmId && e.TimeUtc >= sinceUtc).OrderBy(e => e.TimeUtc).ThenBy(e => e.Id).ToListAsync();
    }

    /// <summary>
    /// Reads with <paramref name="read"/> until <paramref name="done"/> holds: again whenever something concerning the
    /// VM is published (an operation's end, the recorder's events), or anything at all when <paramref name="vmId"/> is
    /// null. On time-out the test fails with <paramref name="describe"/> of the last reading.
    /// </summary>
    public static async Task<T> WaitForFleetAsync<T>(this PortalFactory portal, int? vmId, Func<Task<T>> read, Func<T, bool> done,
        TimeSpan patience, Func<T, string> describe)
    {
        var changes = Channel.CreateUnbounded<FleetChange>();
        using var subscription = portal.Services.GetRequiredService<FleetChanges>()
            .Subscribe(change => { if (vmId is not { } id || change.Concerns(id)) changes.Writer.TryWrite(change); });
        using var deadline = new CancellationTokenSource(patience);
        var value = await read();
        try
        {
            while (!done(value))
            {
                await changes.Reader.ReadAsync(deadline.Token);
                value = await read();
            }
            return value;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"Not within {patience}: {describe(value)}");
            throw;
        }
    }

    /// <summary>The VM's audit trail once <paramref name="condition"/> holds for it.</summary>
    public static Task<List<AuditEntry>> WaitForAuditAsync(this PortalFactory portal, int vmId, Func<List<AuditEntry>, bool> condition,
        TimeSpan patience, string what) =>
        portal.WaitForFleetAsync(vmId, () => portal.Services.AuditAsync(vmId), condition, patience,
            entries => $"the audit trail of VM {vmId} does not show {what}: " +
                       string.Join("; ", entries.TakeLast(5).Select(a => $"{a.Action} {a.Outcome} {a.Summary} {a.Error}")));

    /// <summary>The audit entry <paramref name="entryId"/> of the VM once it is no longer pending (the host's event ended it).</summary>
    public static async Task<AuditEntry> WaitForCompletionAsync(this PortalFactory portal, int vmId, long entryId, TimeSpan patience) =>
        (await portal.WaitForAuditAsync(vmId, entries => entries.Single(a => a.Id == entryId).Outcome != AuditOutcome.Pending, patience,
            $"entry {entryId} completed")).Single(a => a.Id == entryId);

    /// <summary>The VM's events from <paramref name="sinceUtc"/> on, once there are at least <paramref name="count"/>.</summary>
    public static Task<List<VmEvent>> WaitForMarksAsync(this PortalFactory portal, int vmId, DateTime sinceUtc, int count, TimeSpan patience) =>
        portal.WaitForFleetAsync(vmId, () => portal.Services.EventsAsync(vmId, sinceUtc), events => events.Count >= count, patience,
            events => $"VM {vmId} has {events.Count} marks since {sinceUtc:O}, not {count}: {string.Join(", ", events.Select(e => e.Kind))}");

    /// <summary>The marks on the VM's charts as <paramref name="user"/> reads them: each event's label, cause included.</summary>
    public static async Task<List<string>> ChartMarksAsync(this PortalFactory portal, ClaimsPrincipal user, int vmId, DateTime sinceUtc)
    {
        var now = DateTime.UtcNow;
        var result = await portal.CallAsync<VmSeries, VmSeriesResult?>(s =>
            s.ReadAsync(user.Scope(), vmId, sinceUtc.AddMinutes(-1), now.AddMinutes(1), 100, MetricAggregate.Average, user.Identity?.Name));
        Assert.NotNull(result);
        return result.Events.Where(e => e.TimeUtc >= sinceUtc)
            .Select(e => Portal.Web.Features.Vms.Charts.ChartDefinitions.Annotation(e, result.CauseOf(e)).Label).ToList();
    }

    public static async Task<IHypervisorConnection> HostAsync(this PortalFactory portal, string uri) =>
        await portal.Services.GetRequiredService<HypervisorConnections>().GetAsync(uri);
}
