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
    /// Waits until <paramref name="condition"/> holds for the VM's audit entries. Whoever completes one (an operation,
    /// or the recorder when the host's event ends a pending one) then tells open pages: it is read again on each change.
    /// </summary>
    public static async Task<List<AuditEntry>> WaitForAuditAsync(this PortalFactory portal, int vmId, Func<List<AuditEntry>, bool> condition,
        TimeSpan patience, string what)
    {
        var changes = Channel.CreateUnbounded<FleetChange>();
        using var subscription = portal.Services.GetRequiredService<FleetChanges>()
            .Subscribe(change => { if (change.Concerns(vmId)) changes.Writer.TryWrite(change); });
        using var deadline = new CancellationTokenSource(patience);
        List<AuditEntry> entries = [];
        try
        {
            while (!condition(entries = await portal.Services.AuditAsync(vmId))) await changes.Reader.ReadAsync(deadline.Token);
            return entries;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"The audit trail of VM {vmId} did not show {what} within {patience}: " +
                        string.Join("; ", entries.TakeLast(5).Select(a => $"{a.Action} {a.Outcome} {a.Summary} {a.Error}")));
            throw;
        }
    }

    /// <summary>
    /// The VM's events from <paramref name="sinceUtc"/> on, once there are at least <paramref name="count"/>: the recorder
    /// tells open pages of each it writes, and they are read again then.
    /// </summary>
    public static async Task<List<VmEvent>> WaitForMarksAsync(this PortalFactory portal, int vmId, DateTime sinceUtc, int count, TimeSpan patience)
    {
        var changes = Channel.CreateUnbounded<FleetChange>();
        using var subscription = portal.Services.GetRequiredService<FleetChanges>()
            .Subscribe(change => { if (change.Concerns(vmId)) changes.Writer.TryWrite(change); });
        using var deadline = new CancellationTokenSource(patience);
        List<VmEvent> events = [];
        try
        {
            while ((events = await portal.Services.EventsAsync(vmId, sinceUtc)).Count < count) await changes.Reader.ReadAsync(deadline.Token);
            return events;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"VM {vmId} has {events.Count} marks since {sinceUtc:O}, not {count}, after {patience}: {string.Join(", ", events.Select(e => e.Kind))}");
            throw;
        }
    }

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
