using System.Security.Claims;
using Microsoft.Extensions.Options;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Metrics;
using Portal.Core.Ops;
using Portal.Data.TimeSeries;

namespace Portal.Web.Features.Ops;

/// <summary>
/// Memory changes: within the maximum the balloon moves live; above it the maximum is raised in the configuration
/// and applies with a restart now or at the next start, as the operator chose before clicking.
/// </summary>
public sealed class MemoryOperations(OperationRunner runner, HypervisorConnections connections, MetricStore store,
    IOptions<OpsOptions> options, TimeProvider time)
{
    private readonly OpsOptions _options = options.Value;

    /// <summary>The VM's memory as its host defines it now, and what the guest uses; read once when the dialog opens.</summary>
    public async Task<MemoryDialogData> LoadAsync(ClaimsPrincipal user, Vm vm, CancellationToken cancellationToken)
    {
        if (!OperationRunner.MayChange(user)) return new MemoryDialogData(vm, vm.State, vm.MemoryKiB, vm.MaxMemoryKiB, null, OperationRunner.NotAllowed);
        DomainDescription domain;
        try
        {
            domain = await (await connections.GetAsync(vm.Host!.Uri, cancellationToken)).GetDomainAsync(vm.Uuid, cancellationToken);
        }
        catch (HypervisorException e)
        {
            return new MemoryDialogData(vm, vm.State, vm.MemoryKiB, vm.MaxMemoryKiB, null, $"The VM's host cannot be reached: {e.Message}");
        }
        return new MemoryDialogData(vm, domain.State, domain.MemoryKiB, domain.MaxMemoryKiB, await GuestUsedKiBAsync(vm, cancellationToken));
    }

    /// <summary>The size the dialog starts from: the one suggested (by triage), else the VM's memory now; in GiB when it is whole GiB.</summary>
    public static MemoryForm FormFor(MemoryDialogData data, long? suggestedKiB = null)
    {
        var kib = suggestedKiB ?? data.CurrentKiB;
        var unit = kib % MemoryRules.GiB == 0 ? "GiB" : "MiB";
        var size = kib / (unit == "GiB" ? MemoryRules.GiB : MemoryRules.MiB);
        return new MemoryForm { Unit = unit, Size = size.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    /// <summary>The plan for the size typed in (live, or a configuration change with a restart), errors and warnings; no I/O.</summary>
    public MemoryCheck Check(MemoryForm form, MemoryDialogData data)
    {
        var (target, errors) = Check(form);
        var plan = target is { } t && errors.Count == 0 ? MemoryRules.Plan(t, data.MaxKiB) : null;
        var warning = target is { } size && data.GuestUsedKiB is { } used && size < used && errors.Count == 0
            ? $"The guest uses about {MemoryRules.Format(used / MemoryRules.MiB * MemoryRules.MiB)} now: shrinking it to {MemoryRules.Format(size)} makes it swap, or kill processes."
            : null;
        return new MemoryCheck(plan, errors, warning, data.State == VmState.Running);
    }

    public Task<OperationOutcome> ApplyAsync(ClaimsPrincipal user, Vm vm, MemoryForm form, CancellationToken cancellationToken)
    {
        var (target, errors) = Check(form);
        var request = new OperationRequest(user, vm, AuditActions.SetMemory, form.AuditParameters(target),
            form.Operation == Guid.Empty ? null : form.Operation);
        return runner.RunAsync(request, async context =>
        {
            if (errors.Count > 0 || target is not { } kib) return await context.RefuseAsync(errors);
            var domain = context.Domain;
            var before = MemoryRules.Format(domain.MemoryKiB);
            var plan = MemoryRules.Plan(kib, domain.MaxMemoryKiB);

            if (domain.State != VmState.Running)
            {
                await context.BeginAsync();
                await context.Host.SetMemoryConfigAsync(context.Vm.Uuid, Math.Max(kib, domain.MaxMemoryKiB), kib, context.HostToken);
                var summary = $"Memory set to {MemoryRules.Format(kib)} in the configuration (VM not running; applies at its next start)";
                return await context.CompleteAsync(OperationStatus.Succeeded, summary + ".", summary, eventKind: VmEventKind.MemoryChanged);
            }
            if (plan.Kind == MemoryPlanKind.Live)
            {
                await context.BeginAsync();
                var result = await context.Host.SetMemoryAsync(context.Vm.Uuid, kib, context.HostToken);
                if (result.Outcome != MemoryChangeOutcome.AppliedLive)
                    return await context.CompleteAsync(OperationStatus.Failed, "The VM's maximum changed meanwhile; nothing was applied. Open the dialog again.",
                        error: $"Maximum is now {MemoryRules.Format(result.MaxMemoryKiB)}.");
                var summary = $"Memory {before} → {MemoryRules.Format(kib)} (live)";
                return await context.CompleteAsync(OperationStatus.Succeeded,
                    $"Memory is being set to {MemoryRules.Format(kib)} live: the balloon driver in the guest follows within seconds.",
                    summary, eventKind: VmEventKind.MemoryChanged);
            }
            if (form.Apply == MemoryForm.Live)
                return await context.RefuseAsync([new("apply",
                    $"{MemoryRules.Format(kib)} is above the VM's maximum of {MemoryRules.Format(domain.MaxMemoryKiB)}: it needs a configuration change and a restart. Choose \"apply and restart now\" or \"at next start\".")]);

            await context.BeginAsync();
            await context.Host.SetMemoryConfigAsync(context.Vm.Uuid, kib, kib, context.HostToken);
            var raised = $"Memory {before} → {MemoryRules.Format(kib)}, maximum {MemoryRules.Format(domain.MaxMemoryKiB)} → {MemoryRules.Format(kib)}";
            if (form.Apply == MemoryForm.NextStart)
                return await context.CompleteAsync(OperationStatus.Succeeded,
                    $"The configuration now has {MemoryRules.Format(kib)}; it applies when the VM next starts. Until then it keeps {before}.",
                    raised + " (at next start)", eventKind: VmEventKind.MaxMemoryChanged);

            await RestartOrRevertAsync(context, domain);
            var after = await context.Host.GetDomainAsync(context.Vm.Uuid, context.HostToken);
            if (after.MaxMemoryKiB != kib)
                return await context.CompleteAsync(OperationStatus.Failed, $"The VM restarted but its maximum is {MemoryRules.Format(after.MaxMemoryKiB)}, not {MemoryRules.Format(kib)}.",
                    error: "The new maximum was not active after the restart.");
            return await context.CompleteAsync(OperationStatus.Succeeded,
                $"The VM restarted with {MemoryRules.Format(kib)} (maximum {MemoryRules.Format(kib)}).", raised + "; applied with a restart",
                eventKind: VmEventKind.MaxMemoryChanged);
        }, cancellationToken);
    }

    /// <summary>A restart that fails puts the old sizes back in the configuration and the VM back up, then reports.</summary>
    private async Task RestartOrRevertAsync(OperationContext context, DomainDescription before)
    {
        try
        {
            await context.Host.PowerCycleAsync(context.Vm.Uuid, _options.ShutdownGrace, context.HostToken);
        }
        catch (HypervisorException)
        {
            try
            {
                await context.Host.SetMemoryConfigAsync(context.Vm.Uuid, before.MaxMemoryKiB, before.MemoryKiB, CancellationToken.None);
                if ((await context.Host.GetDomainAsync(context.Vm.Uuid, CancellationToken.None)).State != VmState.Running)
                    await context.Host.PowerAsync(context.Vm.Uuid, PowerAction.Start, CancellationToken.None);
            }
            catch (HypervisorException)
            {
                // The restart's error is the one to report; the audit entry says what the VM was left with.
            }
            throw;
        }
    }

    private (long? TargetKiB, IReadOnlyList<ValidationError> Errors) Check(MemoryForm form)
    {
        var target = form.TargetKiB(out var error);
        if (error is not null) return (null, [error]);
        return (target, MemoryRules.Validate(target!.Value, _options.MinMemoryKiB, _options.MaxMemoryKiB));
    }

    /// <summary>What the guest used in the latest sample of the last half hour (balloon statistics), if any.</summary>
    private async Task<long?> GuestUsedKiBAsync(Vm vm, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var set = await store.QueryAsync(vm.Id, now.AddMinutes(-30), now, 60, MetricAggregate.Maximum, now, cancellationToken);
        var used = set.Series.FirstOrDefault(s => s.Key.Metric == Metric.MemoryUsedKiB)?.Values.LastOrDefault(v => !float.IsNaN(v));
        return used is > 0 ? (long)used.Value : null;
    }
}
