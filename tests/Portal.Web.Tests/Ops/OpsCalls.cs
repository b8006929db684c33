using System.Security.Claims;
using System.Threading.Channels;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Collector;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Data;
using Portal.Data.Identity;
using Portal.Web.Features.Ops;
using Portal.Web.Features.Vms;
using Portal.Web.Security;

namespace Portal.Web.Tests.Ops;

/// <summary>
/// What the VM page and its ops dialogs do, done against the portal's own services: the user as sign-in makes them,
/// the VM as the page finds it through that user's scope, and the calls the dialogs make, each in a scope of its own
/// (as a circuit has one).
/// </summary>
internal static class OpsCalls
{
    /// <summary>The principal the portal builds when a demo account signs in: its role and, for a customer, its tenant.</summary>
    public static async Task<ClaimsPrincipal> UserAsync(this PortalFactory portal, string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>();
        var user = await signIn.UserManager.FindByEmailAsync(email) ?? throw new InvalidOperationException($"The demo has no account {email}.");
        return await signIn.CreateUserPrincipalAsync(user);
    }

    /// <summary>The VM as its page loads it for <paramref name="user"/>; null is the page's "not found".</summary>
    public static Task<Vm?> FindVmAsync(this PortalFactory portal, ClaimsPrincipal user, int vmId) =>
        portal.CallAsync<VmDirectory, Vm?>(vms => vms.FindAsync(user.Scope(), vmId));

    /// <summary>The VM by name, as its page loads it for a user who may see it.</summary>
    public static async Task<Vm> VmAsync(this PortalFactory portal, ClaimsPrincipal user, string name)
    {
        var vm = await portal.FindVmAsync(user, await portal.Services.VmIdAsync(name));
        Assert.True(vm is not null, $"{user.Identity?.Name} does not find {name}.");
        return vm;
    }

    /// <summary>One call to a scoped service, in a scope of its own.</summary>
    public static async Task<T> CallAsync<TService, T>(this PortalFactory portal, Func<TService, Task<T>> call)
        where TService : notnull
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>What the add-disk dialog's submit button does.</summary>
    public static Task<(OperationOutcome Outcome, DomainDisk? Applied)> AttachAsync(this PortalFactory portal, ClaimsPrincipal user, Vm vm, DiskForm form) =>
        portal.CallAsync<DiskOperations, (OperationOutcome, DomainDisk?)>(disks => disks.AttachAsync(user, vm, form, CancellationToken.None));

    /// <summary>What the add-disk dialog shows for <paramref name="form"/> as it opens: the host read, proposals made, the form checked.</summary>
    public static Task<DiskCheck> CheckDiskAsync(this PortalFactory portal, ClaimsPrincipal user, Vm vm, DiskForm form) =>
        portal.CallAsync<DiskOperations, DiskCheck>(async disks =>
        {
            var data = await disks.LoadAsync(user, vm, CancellationToken.None);
            return await disks.CheckAsync(form, data, CancellationToken.None);
        });

    /// <summary>What the remove dialog's button does; the dialog has an operation id of its own.</summary>
    public static Task<OperationOutcome> DetachAsync(this PortalFactory portal, ClaimsPrincipal user, Vm vm, string target, Guid? operation = null) =>
        portal.CallAsync<DiskOperations, OperationOutcome>(disks => disks.DetachAsync(user, vm, target, operation ?? Guid.NewGuid(), CancellationToken.None));

    /// <summary>What the memory dialog's apply buttons do.</summary>
    public static Task<OperationOutcome> ApplyMemoryAsync(this PortalFactory portal, ClaimsPrincipal user, Vm vm, MemoryForm form) =>
        portal.CallAsync<MemoryOperations, OperationOutcome>(memory => memory.ApplyAsync(user, vm, form, CancellationToken.None));

    /// <summary>What the memory dialog shows for <paramref name="form"/>: the VM's memory as it opened, and the check of the size.</summary>
    public static Task<(MemoryDialogData Data, MemoryCheck Check)> MemoryDialogAsync(this PortalFactory portal, ClaimsPrincipal user, Vm vm, MemoryForm form) =>
        portal.CallAsync<MemoryOperations, (MemoryDialogData, MemoryCheck)>(async memory =>
        {
            var data = await memory.LoadAsync(user, vm, CancellationToken.None);
            return (data, memory.Check(form, data));
        });

    /// <summary>
    /// An add-disk form with the dialog's defaults (existing image, virtio, raw, cache none, io native, live and persistent);
    /// <paramref name="image"/> names an image as the dialog's list does: <c>pool/volume</c>.
    /// </summary>
    public static DiskForm DiskFormFor(string? image, string target, params (string Field, string Value)[] fields)
    {
        var form = new DiskForm { Image = image, Target = target };
        foreach (var (field, value) in fields) Set(form, field, value);
        return form;
    }

    public static MemoryForm MemoryFormFor(string size, string unit = "GiB", string apply = MemoryForm.Live) =>
        new() { Size = size, Unit = unit, Apply = apply };

    public static async Task<int> VmIdAsync(this IServiceProvider services, string name)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Vms.Where(v => v.Name == name).Select(v => v.Id).SingleAsync();
    }

    public static async Task<List<AuditEntry>> AuditAsync(this IServiceProvider services, int vmId)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.VmId == vmId).OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>
    /// Waits for a VM event of <paramref name="kind"/> at or after <paramref name="sinceUtc"/>. Whoever stores one (the
    /// operation itself, or the collector's recorder for what the host reports) then tells open pages through
    /// <see cref="FleetChanges"/>: the store is read again on each such change.
    /// </summary>
    public static async Task WaitForEventAsync(this PortalFactory portal, int vmId, VmEventKind kind, DateTime sinceUtc, TimeSpan patience)
    {
        var changes = Channel.CreateUnbounded<FleetChange>();
        using var subscription = portal.Services.GetRequiredService<FleetChanges>()
            .Subscribe(change => { if (change.Concerns(vmId)) changes.Writer.TryWrite(change); });
        using var deadline = new CancellationTokenSource(patience);
        try
        {
            while (!await HasEventAsync(portal, vmId, kind, sinceUtc)) await changes.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"No {kind} event for VM {vmId} since {sinceUtc:O} within {patience}.");
        }
    }

    /// <summary>
    /// The VM as its open page shows it once <paramref name="condition"/> holds: the page reads the VM again whenever
    /// <see cref="FleetChanges"/> reports a change concerning it, and so does this. (An operation re-reads the VM from
    /// its host before it returns; the host's own device events, which the recorder re-reads the VM for, may come a
    /// little later, and the page follows them too.)
    /// </summary>
    public static async Task<Vm> WaitForPageAsync(this PortalFactory portal, ClaimsPrincipal user, int vmId, Func<Vm, bool> condition,
        TimeSpan patience, string what)
    {
        var changes = Channel.CreateUnbounded<FleetChange>();
        using var subscription = portal.Services.GetRequiredService<FleetChanges>()
            .Subscribe(change => { if (change.Concerns(vmId)) changes.Writer.TryWrite(change); });
        using var deadline = new CancellationTokenSource(patience);
        Vm? vm = null;
        try
        {
            while ((vm = await portal.FindVmAsync(user, vmId)) is null || !condition(vm)) await changes.Reader.ReadAsync(deadline.Token);
            return vm;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            var disks = vm is null ? "no VM" : string.Join(", ", vm.Disks.Select(d => d.Target));
            Assert.Fail($"The page of VM {vmId} did not show {what} within {patience} (disks: {disks}; memory: {vm?.MemoryKiB} KiB).");
            throw;
        }
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds for what the host says; it is asked again whenever the host
    /// reports an event for the domain <paramref name="uuid"/> (balloon steps, devices, lifecycle).
    /// </summary>
    public static async Task WaitForHostAsync(IHypervisorConnection host, Guid uuid, Func<DomainDescription, bool> condition, TimeSpan patience, string what)
    {
        var events = Channel.CreateUnbounded<DomainEvent>();
        void OnEvent(DomainEvent e)
        {
            if (e.Uuid == uuid) events.Writer.TryWrite(e);
        }

        host.EventReceived += OnEvent;
        using var deadline = new CancellationTokenSource(patience);
        try
        {
            while (!condition(await host.GetDomainAsync(uuid, deadline.Token))) await events.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"The host did not show {what} within {patience}.");
        }
        finally
        {
            host.EventReceived -= OnEvent;
        }
    }

    private static async Task<bool> HasEventAsync(PortalFactory portal, int vmId, VmEventKind kind, DateTime sinceUtc)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().VmEvents
            .AnyAsync(e => e.VmId == vmId && e.Kind == kind && e.TimeUtc >= sinceUtc);
    }

    /// <summary>A field of the add-disk form by its name in the audit parameters.</summary>
    private static void Set(DiskForm form, string field, string value)
    {
        switch (field)
        {
            case "source": form.Source = value; break;
            case "image": form.Image = value; break;
            case "location": form.Location = value; break;
            case "newName": form.NewName = value; break;
            case "newSize": form.NewSize = value; break;
            case "bus": form.Bus = value; break;
            case "target": form.Target = value; break;
            case "format": form.Format = value; break;
            case "cache": form.Cache = value; break;
            case "io": form.Io = value; break;
            case "serial": form.Serial = value; break;
            case "scope": form.Scope = value; break;
            case "readOnly": form.ReadOnly = bool.Parse(value); break;
            default: throw new ArgumentException($"The add-disk dialog has no field '{field}'.", nameof(field));
        }
    }
}
