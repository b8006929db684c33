using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Audit;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Ops;
using Portal.Core.Units;
using Portal.Data;
using Portal.Libvirt;

namespace Portal.Web.Features.Ops;

/// <summary>
/// Hot-plug and removal of disks: what the dialog offers and checks (loaded once per dialog, proposals made without
/// I/O so the last choice always wins), and the operations themselves.
/// </summary>
public sealed class DiskOperations(OperationRunner runner, HypervisorConnections connections, IDbContextFactory<PortalDbContext> contexts,
    IOptions<OpsOptions> options)
{
    private readonly OpsOptions _options = options.Value;

    private sealed record NewImage(string Location, string FileName, long SizeBytes);

    /// <summary>What the dialog needs from the host, read once when it opens; only for those who may change VMs.</summary>
    public async Task<DiskDialogData> LoadAsync(ClaimsPrincipal user, Vm vm, CancellationToken cancellationToken)
    {
        if (!OperationRunner.MayChange(user))
            return new DiskDialogData(vm, null, null, new Dictionary<string, string>(), [], OperationRunner.NotAllowed);
        try
        {
            var host = await connections.GetAsync(vm.Host!.Uri, cancellationToken);
            var domain = await host.GetDomainAsync(vm.Uuid, cancellationToken);
            var attached = await AttachedImagesAsync(vm, cancellationToken);
            var locations = await LocationsAsync(host, attached, cancellationToken);
            return new DiskDialogData(vm, host, domain, attached, locations, null);
        }
        catch (HypervisorException e)
        {
            return new DiskDialogData(vm, null, null, new Dictionary<string, string>(), [], $"The VM's host cannot be reached: {e.Message}");
        }
    }

    /// <summary>
    /// Fills in what the dialog proposes (target for the bus, format of the chosen image, an io mode the cache allows);
    /// says so when it had to change a choice the user made. No I/O: it runs in the same step as the user's change.
    /// </summary>
    public string? Propose(DiskForm form, DiskDialogData data)
    {
        if (data.Domain is not { } domain) return null;
        string? notice = null;
        var images = data.Locations.SelectMany(l => l.Images).ToList();
        if (form.Source == DiskForm.ExistingImage && form.Image is null)
            form.Image = images.FirstOrDefault(i => i.AttachedTo is null)?.Path;
        if (form.Image != form.ShownImage && images.Find(i => i.Path == form.Image)?.Format is { } imageFormat)
            form.Format = DiskChoices.NameOf(DiskChoices.Formats, imageFormat);
        form.Location ??= _options.Roots[0];

        if (DiskChoices.TryParse(DiskChoices.Buses, form.Bus, out var bus) &&
            (form.Target is null || form.Bus != form.ShownBus || !DiskTargets.IsValidFor(bus, form.Target)))
            form.Target = DiskTargets.Propose(bus, domain.Disks.Select(d => d.Target));

        if (DiskChoices.TryParse(DiskChoices.Caches, form.Cache, out var cache) && form.Io == "native" &&
            !DiskRules.IoAllowedWithCache(DiskIo.Native, cache))
        {
            form.Io = "threads";
            notice = $"io switched from native to threads: native AIO needs cache none or directsync, not {form.Cache}.";
        }
        form.ShownImage = form.Image;
        form.ShownBus = form.Bus;
        return notice;
    }

    /// <summary>Every error the request would meet, and the device XML it would apply.</summary>
    public async Task<DiskCheck> CheckAsync(DiskForm form, DiskDialogData data, CancellationToken cancellationToken)
    {
        if (data.Host is null || data.Domain is null) return new DiskCheck([new("source", data.HostError ?? "The VM's host cannot be reached.")], null);
        var (spec, _, errors) = await ValidateAsync(form, data.Domain, data.Host, data.Attached, data.Locations, cancellationToken);
        return new DiskCheck(errors, spec is not null ? LibvirtDeviceXml.Disk(spec) : null);
    }

    /// <summary>Load, propose and check in one go: what a dialog shows for <paramref name="form"/> when it opens.</summary>
    public async Task<(DiskDialogData Data, string? Notice, DiskCheck Check)> DialogAsync(ClaimsPrincipal user, Vm vm, DiskForm form,
        CancellationToken cancellationToken)
    {
        var data = await LoadAsync(user, vm, cancellationToken);
        var notice = Propose(form, data);
        return (data, notice, await CheckAsync(form, data, cancellationToken));
    }

    public async Task<(OperationOutcome Outcome, DomainDisk? Applied)> AttachAsync(ClaimsPrincipal user, Vm vm, DiskForm form,
        CancellationToken cancellationToken)
    {
        DomainDisk? applied = null;
        var request = new OperationRequest(user, vm, AuditActions.AttachDisk, form.AuditParameters(), NonEmpty(form.Operation));
        var outcome = await runner.RunAsync(request, async context =>
        {
            var attached = await AttachedImagesAsync(vm, cancellationToken);
            var locations = await LocationsAsync(context.Host, attached, cancellationToken);
            var (spec, newImage, errors) = await ValidateAsync(form, context.Domain, context.Host, attached, locations, cancellationToken);
            if (errors.Count > 0 || spec is null) return await context.RefuseAsync(errors);

            await context.BeginAsync();
            StorageVolume? created = null;
            try
            {
                if (newImage is not null)
                    created = await context.Host.CreateVolumeAsync(newImage.Location, newImage.FileName, spec.Format, newImage.SizeBytes, context.HostToken);
                applied = await context.Host.AttachDiskAsync(vm.Uuid, spec, form.ChangeScope, context.HostToken);
            }
            catch (HypervisorException) when (created is not null)
            {
                // Nothing half-done: an image made for a disk that could not be attached goes again.
                try { await context.Host.DeleteVolumeAsync(created.Path, CancellationToken.None); }
                catch (HypervisorException) { /* the attach error is the one to report */ }
                throw;
            }
            var running = context.Domain.State == VmState.Running;
            // The summary is what customers read on their VM page: the host's paths stay with staff (audit parameters).
            var summary = $"Disk {applied.Target} added: {Describe(applied, withSource: false)}" + (running ? "" : " (at next start)");
            var message = running
                ? $"Disk {applied.Target} is attached. The VM's definition now shows: {Describe(applied)}."
                : $"Disk {applied.Target} is in the VM's configuration and appears when it next starts: {Describe(applied)}.";
            return await context.CompleteAsync(OperationStatus.Succeeded, message, summary);
        }, cancellationToken);
        return (outcome, applied);
    }

    public Task<OperationOutcome> DetachAsync(ClaimsPrincipal user, Vm vm, string target, Guid? operationId, CancellationToken cancellationToken)
    {
        var request = new OperationRequest(user, vm, AuditActions.DetachDisk, new { target }, operationId);
        return runner.RunAsync(request, async context =>
        {
            var disk = context.Domain.Disks.FirstOrDefault(d => d.Target == target);
            if (disk is null) return await context.RefuseAsync([new("target", $"The VM has no disk {target}.")]);

            await context.BeginAsync();
            var result = await context.Host.DetachDiskAsync(vm.Uuid, target, _options.DetachWait, context.HostToken);
            var outcome = result.Outcome switch
            {
                DetachOutcome.Removed => await Removed(),
                DetachOutcome.PendingInGuest => await context.CompleteAsync(OperationStatus.Pending,
                    $"The host asked the guest to release {target}, and it has not done so within {_options.DetachWait.TotalSeconds:0} s. " +
                    "The removal goes on in the guest; the disk list updates when it completes.",
                    $"Disk {target} removal requested; the guest had not released it yet"),
                _ => await context.CompleteAsync(OperationStatus.Failed, $"The guest refused to release {target}; the disk stays attached.",
                    error: result.Message),
            };
            // Left pending: the host's device-removed event completes the entry later. One that came while the entry was
            // written (before it read as pending) is seen here: the definition no longer has the disk.
            if (outcome.Status == OperationStatus.Pending &&
                !(await context.Host.GetDomainAsync(vm.Uuid, CancellationToken.None)).Disks.Any(d => d.Target == target))
                return await Removed();
            return outcome;

            Task<OperationOutcome> Removed() => context.CompleteAsync(OperationStatus.Succeeded,
                $"Disk {target} is removed; the guest released it.", $"Disk {target} removed");
        }, cancellationToken);
    }

    private async Task<(DiskSpec? Spec, NewImage? NewImage, IReadOnlyList<ValidationError> Errors)> ValidateAsync(
        DiskForm form, DomainDescription domain, IHypervisorConnection host, IReadOnlyDictionary<string, string> attached,
        IReadOnlyList<StorageLocation> locations, CancellationToken cancellationToken)
    {
        var spec = Build(form, out var errors);
        if (spec is null) return (null, null, errors);

        NewImage? newImage = null;
        try
        {
            if (form.Source == DiskForm.NewImage)
            {
                if (!_options.Roots.Contains(form.Location ?? "", StringComparer.Ordinal))
                    errors.Add(new("location", $"Choose a storage location: {string.Join(", ", _options.Roots)}."));
                errors.AddRange(NewImageRules.ValidateName(form.NewName));
                var size = NewImageRules.ParseSizeGiB(form.NewSize, _options.MaxNewDiskGiB, out var sizeError);
                if (sizeError is not null) errors.Add(sizeError);
                errors.AddRange(DiskRules.Validate(spec, domain.Disks.Select(d => d.Target)).Where(e => e.Field != "source"));
                if (errors.Count == 0 && await host.InspectFileAsync(spec.Source, cancellationToken) is not null)
                    errors.Add(new("newName", $"{spec.Source} exists already: choose another name, or attach it as an existing image."));
                if (size is { } bytes) newImage = new NewImage(form.Location!, Path.GetFileName(spec.Source), bytes);
            }
            else if (!locations.SelectMany(l => l.Images).Any(i => i.Path == spec.Source))
            {
                // Said at the image; the other fields are still checked, so every mistake shows at once.
                errors.Add(new("source", "Choose an image the storage locations list; a path cannot be typed in."));
                errors.AddRange(DiskRules.Validate(spec, domain.Disks.Select(d => d.Target)).Where(e => e.Field != "source"));
            }
            else
            {
                errors.AddRange(await DiskRequestValidator.ValidateAsync(spec, domain, _options.Roots, host,
                    path => attached.ContainsKey(path), cancellationToken));
            }
        }
        catch (HypervisorException e)
        {
            errors.Add(new("source", $"The host could not check the image: {e.Message}"));
        }
        if (form.ChangeScope == ChangeScope.LiveOnly && domain.State != VmState.Running)
            errors.Add(new("scope", "The VM is not running: a live-only disk has nothing to attach to. Choose live and persistent."));
        return (spec, newImage, errors);
    }

    /// <summary>The request the fields describe, or null with errors for fields that are not even well-formed.</summary>
    private static DiskSpec? Build(DiskForm form, out List<ValidationError> errors)
    {
        errors = [];
        if (!DiskChoices.TryParse(DiskChoices.Buses, form.Bus, out var bus)) errors.Add(new("bus", "Choose a bus: virtio, scsi or sata."));
        if (!DiskChoices.TryParse(DiskChoices.Formats, form.Format, out var format)) errors.Add(new("format", "Choose a format: raw or qcow2."));
        if (!DiskChoices.TryParse(DiskChoices.Caches, form.Cache, out var cache)) errors.Add(new("cache", $"'{form.Cache}' is not a cache mode."));
        if (!DiskChoices.TryParse(DiskChoices.IoModes, form.Io, out var io)) errors.Add(new("io", $"'{form.Io}' is not an io mode."));
        if (errors.Count > 0) return null;

        var source = form.Source == DiskForm.NewImage
            ? $"{form.Location}/{NewImageRules.FileName(form.NewName ?? "", format)}"
            : form.Image ?? "";
        return new DiskSpec(source, form.Target ?? "", bus, format, cache, io, form.ReadOnly, form.Serial);
    }

    private async Task<IReadOnlyList<StorageLocation>> LocationsAsync(IHypervisorConnection host, IReadOnlyDictionary<string, string> attached,
        CancellationToken cancellationToken)
    {
        var result = new List<StorageLocation>();
        foreach (var root in _options.Roots)
        {
            try
            {
                var volumes = await host.ListVolumesAsync(root, cancellationToken);
                result.Add(new StorageLocation(root, volumes
                    .Select(v => new ImageChoice(v.Path, v.Format, v.CapacityBytes, attached.GetValueOrDefault(v.Path)))
                    .ToArray(), null));
            }
            catch (HypervisorException e)
            {
                result.Add(new StorageLocation(root, [], e.Message));
            }
        }
        return result;
    }

    /// <summary>Images attached to VMs on the same host (storage locations are per host), by path, with the VM's name.</summary>
    private async Task<Dictionary<string, string>> AttachedImagesAsync(Vm vm, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (
                from d in db.Set<VmDisk>().AsNoTracking()
                join v in db.Vms on d.VmId equals v.Id
                where v.Present && v.HostId == vm.HostId
                select new { d.Source, v.Name })
            .ToListAsync(cancellationToken);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
            if (StoragePaths.Normalize(row.Source) is { } path) result.TryAdd(path, row.Name);
        return result;
    }

    private static string Describe(DomainDisk disk, bool withSource = true) =>
        (withSource ? $"{disk.Source}, " : "") +
        $"{DiskChoices.NameOf(DiskChoices.Formats, disk.Format)}, {DiskChoices.NameOf(DiskChoices.Buses, disk.Bus)}, " +
        $"cache {DiskChoices.NameOf(DiskChoices.Caches, disk.Cache)}, io {DiskChoices.NameOf(DiskChoices.IoModes, disk.Io)}" +
        (disk.CapacityBytes is { } size ? $", {ByteSize.Format(size)}" : "") +
        (disk.ReadOnly ? ", read-only" : "") +
        (disk.Serial is { } serial ? $", serial {serial}" : "");

    private static Guid? NonEmpty(Guid id) => id == Guid.Empty ? null : id;
}
