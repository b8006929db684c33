using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;
using Portal.Core.Tenancy;
using Portal.Collector;
using Portal.Data;
using Portal.Web.Security;

namespace Portal.Web.Features.Ops;

/// <summary>
/// An operation as asked: by whom, on which VM, what, the id of the form that carried it, and what kind of change it
/// is (which decides who may ask it).
/// </summary>
public sealed record OperationRequest(ClaimsPrincipal User, Vm Vm, string Action, object Parameters, Guid? OperationId,
    ChangeKind Kind = ChangeKind.Configuration);

/// <summary>
/// The frame every change to a VM runs in: who may ask it is decided on the server for every request
/// (<see cref="ChangePolicy"/>: configuration for Ops and Admin, power also for the VM's own customers, against the
/// VM's owner now), one change per VM at a time, a form submitted twice acts once, and every attempt (refused,
/// failed, or done) lands in the audit trail with the host's error.
/// </summary>
public sealed partial class OperationRunner(
    IDbContextFactory<PortalDbContext> contexts, IServiceScopeFactory scopes, HypervisorConnections connections, VmOperationGate gate, FleetChanges changes,
    RefusalLimiter refusals, IOptions<OpsOptions> options, TimeProvider time, ILogger<OperationRunner> logger)
{
    private static readonly TimeSpan BusyWait = TimeSpan.FromSeconds(2);

    public const string NotAllowed = ChangePolicy.ConfigurationReserved;

    /// <summary>Whether the user may change VMs' configuration (disks, memory): Ops and Admin.</summary>
    public static bool MayChange(ClaimsPrincipal user) => user.IsInRole(Roles.Ops) || user.IsInRole(Roles.Admin);

    /// <summary>Whether the user may make a change of <paramref name="kind"/> to a VM of <paramref name="vmTenantId"/>.</summary>
    public ChangeDecision Decide(ClaimsPrincipal user, ChangeKind kind, int? vmTenantId) =>
        ChangePolicy.Decide(kind, Roles.All.Where(user.IsInRole).ToArray(), user.Scope(), vmTenantId, options.Value.CustomersMayPower);

    public async Task<OperationOutcome> RunAsync(OperationRequest request, Func<OperationContext, Task<OperationOutcome>> body,
        CancellationToken cancellationToken)
    {
        // A context of its own: the caller may be a page whose circuit runs other work at the same time.
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        // Against the VM's owner now, not as the page loaded it: it may have changed hands since.
        var owner = await db.Vms.AsNoTracking().Where(v => v.Id == request.Vm.Id).Select(v => new { v.TenantId }).SingleOrDefaultAsync(cancellationToken);
        var decision = owner is null ? new ChangeDecision(ChangeAccess.NotFound, ChangePolicy.NotFound) : Decide(request.User, request.Kind, owner.TenantId);
        if (!decision.Allowed)
        {
            await RecordAsync(db, request, AuditOutcome.Refused, decision.Reason!);
            return decision.Access == ChangeAccess.NotFound
                ? new(OperationStatus.NotFound, decision.Reason!, [])
                : new(OperationStatus.Forbidden, decision.Reason + " The attempt has been recorded.", []);
        }
        if (await ReplayAsync(db, request, cancellationToken) is { } replay) return replay;

        using var lease = await gate.TryEnterAsync(request.Vm.Id, BusyWait, cancellationToken);
        if (lease is null)
        {
            if (await ReplayAsync(db, request, cancellationToken) is { } inFlight) return inFlight;
            const string busy = "Another change to this VM is in progress. Try again when it has finished.";
            await RecordAsync(db, request, AuditOutcome.Refused, busy);
            return new(OperationStatus.Busy, busy, []);
        }
        // The same form may have been sent again while the first was running: now it has an answer.
        if (await ReplayAsync(db, request, cancellationToken) is { } done) return done;

        OperationContext? context = null;
        OperationOutcome outcome;
        try
        {
            var connection = await connections.GetAsync(request.Vm.Host!.Uri, cancellationToken);
            var domain = await connection.GetDomainAsync(request.Vm.Uuid, cancellationToken);
            context = new OperationContext(this, db, request, connection, domain, cancellationToken);
            outcome = await body(context);
        }
        catch (AlreadySubmittedException)
        {
            return await ReplayAsync(db, request, cancellationToken) ?? throw new InvalidOperationException("A duplicate operation id has no audit entry.");
        }
        catch (HypervisorException e) when (context?.Entry is null)
        {
            // Nothing was changed: the host failed before the change began (unreachable, the VM gone, a check).
            await RecordAsync(db, request, AuditOutcome.Failed, HostError(e));
            return new(OperationStatus.Failed, $"The VM's host could not be asked: {e.Message}", []);
        }
        catch (HypervisorException e)
        {
            outcome = await context!.CompleteAsync(OperationStatus.Failed, $"The host refused: {e.Message}", error: HostError(e));
        }
        catch (Exception e) when (context?.Entry is not null && e is not OperationCanceledException)
        {
            LogUnexpected(logger, e, request.Action, request.Vm.Id);
            outcome = await context.CompleteAsync(OperationStatus.Failed, "The portal failed while applying the change; see the audit entry.", error: e.Message);
        }
        if (context.Entry is not null)
        {
            await RefreshInventoryAsync(request.Vm);
            changes.Publish(new FleetChange(FleetChangeKind.Vm, [request.Vm.Id]));
        }
        return outcome;
    }

    /// <summary>libvirt's message with its numbers, as support will search for them.</summary>
    public static string HostError(HypervisorException e) => $"{e.Message} (error {e.Code}, domain {e.Domain})";

    /// <summary>
    /// An attempt that ends here (refused, or the host unreachable); recorded even if the caller has gone. Refusals are
    /// recorded up to the account's limit a minute (<see cref="RefusalLimiter"/>), so nobody fills the trail with them.
    /// </summary>
    internal async Task RecordAsync(PortalDbContext db, OperationRequest request, AuditOutcome outcome, string error)
    {
        if (outcome == AuditOutcome.Refused && !refusals.TryRecord(request.User.Identity?.Name)) return;
        db.AuditEntries.Add(NewEntry(request, outcome, error, operationId: null));
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The attempt is recorded before the host is asked, so a crash mid-way still leaves a trace.</summary>
    internal async Task<AuditEntry> BeginAsync(PortalDbContext db, OperationRequest request, CancellationToken cancellationToken)
    {
        var entry = NewEntry(request, AuditOutcome.Pending, null, request.OperationId);
        db.AuditEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (request.OperationId is not null)
        {
            db.Entry(entry).State = EntityState.Detached;
            var id = request.OperationId.Value;
            if (await db.AuditEntries.AsNoTracking().AnyAsync(a => a.OperationId == id, cancellationToken)) throw new AlreadySubmittedException();
            throw;
        }
        return entry;
    }

    internal static async Task CompleteAsync(PortalDbContext db, AuditEntry entry, AuditOutcome outcome, string? summary, string? error, VmEvent? vmEvent)
    {
        entry.Complete(outcome, AuditText.Cap(summary), AuditText.Cap(error));
        if (vmEvent is not null) db.VmEvents.Add(vmEvent);
        // The host has changed: the record of it must be written even if the caller has gone.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    internal DateTime Now => time.GetUtcNow().UtcDateTime;

    private static async Task<OperationOutcome?> ReplayAsync(PortalDbContext db, OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.OperationId is not { } id) return null;
        var entry = await db.AuditEntries.AsNoTracking().SingleOrDefaultAsync(a => a.OperationId == id, cancellationToken);
        if (entry is null) return null;
        var message = entry.Outcome switch
        {
            AuditOutcome.Pending when entry.Summary is null => "This change was already submitted and is still being applied.",
            AuditOutcome.Failed => $"This change was already submitted, and failed: {entry.Error}",
            _ => $"This change was already submitted: {entry.Summary}",
        };
        return new(OperationStatus.AlreadySubmitted, message, [], entry.Id);
    }

    private AuditEntry NewEntry(OperationRequest request, AuditOutcome outcome, string? error, Guid? operationId) =>
        new(Now, request.User.Identity?.Name ?? "(unknown)", request.Action, request.Vm.TenantId, request.Vm.Id,
            AuditText.Parameters(request.Parameters), outcome, AuditText.Cap(error), operationId: operationId);

    /// <summary>The VM's record follows the host at once, so the page shows the change before the next sweep.</summary>
    private async Task RefreshInventoryAsync(Vm vm)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<InventorySync>().SyncVmAsync(vm.Id, CancellationToken.None);
        }
        catch (Exception e) when (e is HypervisorException or DbUpdateException or System.Data.Common.DbException)
        {
            // The collector's next sweep brings it in line; the operation itself is done.
            LogRefreshFailed(logger, vm.Id, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Operation {Action} on VM {VmId} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string action, int vmId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-read VM {VmId} after a change: {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, int vmId, string error);

    private sealed class AlreadySubmittedException : Exception;
}
