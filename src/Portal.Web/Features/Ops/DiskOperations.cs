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
/// I/O so the last choice always wins), and the operations themselves. Images are what the host's libvirt lists in
/// the configured storage pools, and new ones are created by a pool: the portal never opens or resolves a path itself,
/// so a host on this machine and one reached over ssh or TLS are served by the same calls.
/// </summary>
public sealed class DiskOperations(OperationRunner runner, HypervisorConnections connections, IDbContextFactory<PortalDbContext> contexts,
    IOptions<OpsOptions> options, TimeProvider time)
{
    private readonly OpsOptions _options = options.Value;

    private sealed record NewImage(string Pool, string Name, long SizeBytes);

    /// <summary>What the dialog needs from the host, read once when it opens; only for those who may change VMs.</summary>
    public async Task<DiskDialogData> LoadAsync(ClaimsPrincipal user, Vm vm, CancellationToken cancellationToken)
    {
        if (!OperationRunner.MayChange(user))
            return new DiskDialogData(vm, null, null, StorageCatalog.Empty, OperationRunner.NotAllowed);
        try
        {
            var host = await connections.GetAsync(vm.Host!.Uri, cancellationToken);
            var domain = await host.GetDomainAsync(vm.Uuid, cancellationToken);
            var storage = await CatalogAsync(vm, domain, host, cancellationToken);
            return new DiskDialogData(vm, host, domain, storage, null);
        }
        catch (HypervisorException e)
        {
            return new DiskDialogData(vm, null, null, StorageCatalog.Empty, $"The VM's host cannot be reached: {e.Message}");
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
        if (form.Source == DiskForm.ExistingImage && form.Image is null)
            form.Image = data.Locations.SelectMany(l => l.Images).FirstOrDefault(i => i.Problem is null)?.Key;
        if (form.Image != form.ShownImage && data.Storage.Find(form.Image)?.Format is { } imageFormat)
            form.Format = DiskChoices.NameOf(DiskChoices.Formats, imageFormat);
        form.Location ??= _options.Pools[0];

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

    /// <summary>Every error the request would meet, and the device XML it would apply; from what the dialog read, without I/O.</summary>
    public Task<DiskCheck> CheckAsync(DiskForm form, DiskDialogData data, CancellationToken cancellationToken) => Task.FromResult(Check(form, data));

    private DiskCheck Check(DiskForm form, DiskDialogData data)
    {
        if (data.Host is null || data.Domain is null) return new DiskCheck([new("source", data.HostError ?? "The VM's host cannot be reached.")], null);
        var (spec, _, errors) = Validate(form, data.Domain, data.Storage);
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
            // Listed again, with the uses and records of now: the dialog's reading may be minutes old.
            var storage = await CatalogAsync(vm, context.Domain, context.Host, cancellationToken);
            var (spec, newImage, errors) = Validate(form, context.Domain, storage);
            if (errors.Count > 0 || spec is null) return await context.RefuseAsync(errors);

            await context.BeginAsync();
            StorageVolume? created = null;
            try
            {
                if (newImage is not null)
                {
                    created = await context.Host.CreateVolumeAsync(newImage.Pool, newImage.Name, spec.Format, newImage.SizeBytes, context.HostToken);
                    await RecordCreatedAsync(vm.HostId, created, spec.Format);
                    // The pool chose the path; the disk is the volume it made.
                    spec = spec with { Source = created.Path, IsBlockDevice = created.Kind == VolumeKind.Block };
                }
                applied = await context.Host.AttachDiskAsync(vm.Uuid, spec, form.ChangeScope, context.HostToken);
            }
            catch (HypervisorException) when (created is not null)
            {
                // Nothing half-done: an image made for a disk that could not be attached goes again.
                try
                {
                    await context.Host.DeleteVolumeAsync(created.Pool, created.Name, CancellationToken.None);
                    await ForgetCreatedAsync(vm.HostId, created);
                }
                catch (HypervisorException) { /* the attach error is the one to report; the record keeps the image's format */ }
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

    /// <summary>The disk the form asks for, the image to create first (if any), and every error, from one reading of the host's pools.</summary>
    private (DiskSpec? Spec, NewImage? NewImage, IReadOnlyList<ValidationError> Errors) Validate(DiskForm form, DomainDescription domain, StorageCatalog storage)
    {
        var spec = Build(form, storage, out var errors);
        if (spec is null) return (null, null, errors);

        NewImage? newImage = null;
        var targets = domain.Disks.Select(d => d.Target);
        if (form.Source == DiskForm.NewImage)
        {
            var location = storage.Location(form.Location);
            if (location is null)
                errors.Add(new("location", $"Choose a storage pool: {string.Join(", ", _options.Pools)}."));
            else if (location.Contents is null)
                errors.Add(new("location", $"The host could not list the pool {location.Pool}: {location.Error}"));
            errors.AddRange(NewImageRules.ValidateName(form.NewName));
            var size = NewImageRules.ParseSizeGiB(form.NewSize, _options.MaxNewDiskGiB, out var sizeError);
            if (sizeError is not null) errors.Add(sizeError);
            errors.AddRange(DiskRules.Validate(spec, targets).Where(e => e.Field != "source"));
            var name = NewImageRules.FileName(form.NewName ?? "", spec.Format);
            if (errors.Count == 0 && location?.Contents is { } contents && NewImageRules.Taken(name, contents) is { } taken) errors.Add(taken);
            if (size is { } bytes && location is not null) newImage = new NewImage(location.Pool, name, bytes);
        }
        else if (storage.Find(form.Image) is not { } image)
        {
            // Said at the image; the other fields are still checked, so every mistake shows at once.
            errors.Add(new("source", "Choose an image the storage pools list; a path cannot be typed in."));
            errors.AddRange(DiskRules.Validate(spec, targets).Where(e => e.Field != "source"));
        }
        else
        {
            errors.AddRange(DiskSources.Validate(spec, image.Assessment, domain));
        }
        if (form.ChangeScope == ChangeScope.LiveOnly && domain.State != VmState.Running)
            errors.Add(new("scope", "The VM is not running: a live-only disk has nothing to attach to. Choose live and persistent."));
        return (spec, newImage, errors);
    }

    /// <summary>
    /// The request the fields describe, or null with errors for fields that are not even well-formed. Its source is the
    /// listed volume's path; for a new image, where the pool will put it (what the device XML preview shows), until the
    /// pool has made it.
    /// </summary>
    private static DiskSpec? Build(DiskForm form, StorageCatalog storage, out List<ValidationError> errors)
    {
        errors = [];
        if (!DiskChoices.TryParse(DiskChoices.Buses, form.Bus, out var bus)) errors.Add(new("bus", "Choose a bus: virtio, scsi or sata."));
        if (!DiskChoices.TryParse(DiskChoices.Formats, form.Format, out var format)) errors.Add(new("format", "Choose a format: raw or qcow2."));
        if (!DiskChoices.TryParse(DiskChoices.Caches, form.Cache, out var cache)) errors.Add(new("cache", $"'{form.Cache}' is not a cache mode."));
        if (!DiskChoices.TryParse(DiskChoices.IoModes, form.Io, out var io)) errors.Add(new("io", $"'{form.Io}' is not an io mode."));
        if (errors.Count > 0) return null;

        var volume = form.Source == DiskForm.NewImage
            ? new StorageVolume(form.Location ?? "", NewImageRules.FileName(form.NewName ?? "", format),
                $"{storage.Location(form.Location)?.Contents?.Pool.TargetPath ?? form.Location}/{NewImageRules.FileName(form.NewName ?? "", format)}",
                VolumeKind.File, DiskFormats.Name(format), 0)
            : storage.Find(form.Image)?.Volume;
        return volume is null
            ? new DiskSpec("", form.Target ?? "", bus, format, cache, io, form.ReadOnly, form.Serial)
            : DiskSources.SpecFor(volume, form.Target ?? "", bus, format, cache, io, form.ReadOnly, form.Serial);
    }

    /// <summary>
    /// The configured pools of the VM's host as its libvirt lists them now, each volume judged: the format the portal
    /// recorded for images it created, the backing chain against every listed volume, and the VMs using each image:
    /// every domain the host defines, and for a pool several hosts share, the VMs the inventory has on any host.
    /// </summary>
    private async Task<StorageCatalog> CatalogAsync(Vm vm, DomainDescription domain, IHypervisorConnection host, CancellationToken cancellationToken)
    {
        var listed = new List<(string Pool, StoragePoolContents? Contents, string? Error)>();
        foreach (var pool in _options.Pools)
        {
            try
            {
                listed.Add((pool, await host.ListVolumesAsync(pool, cancellationToken), null));
            }
            catch (HypervisorException e)
            {
                listed.Add((pool, null, e.Message));
            }
        }
        var contents = listed.Where(l => l.Contents is not null).Select(l => l.Contents!).ToList();
        var shared = contents.Where(c => DiskSources.IsShared(c.Pool, _options.SharedStoragePools)).Select(c => c.Pool.Name).ToHashSet(StringComparer.Ordinal);
        var volumes = contents.SelectMany(c => c.Volumes).ToList();
        var uses = await DiskUsesAsync(vm, host, anyShared: shared.Count > 0, cancellationToken);
        var recorded = await RecordedFormatsAsync(vm.HostId, volumes, shared, cancellationToken);

        return new StorageCatalog(listed.Select(l => new StorageLocation(l.Pool, l.Contents,
            (l.Contents?.Volumes ?? []).Where(v => v.Kind != VolumeKind.Other).Select(v => new ImageChoice(DiskSources.Assess(
                v, recorded.TryGetValue(v.Path, out var format) ? format : null, volumes,
                DiskSources.UsedElsewhere(v, shared.Contains(v.Pool), vm.HostId, vm.Uuid, uses)),
                domain.Disks.Any(d => DiskSources.IsSameImage(d.Source, v)))).ToArray(),
            l.Error)).ToArray());
    }

    /// <summary>
    /// Every disk of every domain the VM's host defines, as its libvirt says now, and the disks the inventory knows on
    /// this host (or on every host, when a shared pool is in play).
    /// </summary>
    private async Task<IReadOnlyList<DiskUse>> DiskUsesAsync(Vm vm, IHypervisorConnection host, bool anyShared, CancellationToken cancellationToken)
    {
        var uses = new List<DiskUse>();
        foreach (var domain in await host.ListDomainsAsync(cancellationToken))
            uses.AddRange(domain.Disks.Select(d => new DiskUse(domain.Uuid, domain.Name, vm.HostId, d.Source)));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = await (
                from d in db.Set<VmDisk>().AsNoTracking()
                join v in db.Vms on d.VmId equals v.Id
                where v.Present && (anyShared || v.HostId == vm.HostId)
                select new DiskUse(v.Uuid, v.Name, v.HostId, d.Source))
            .ToListAsync(cancellationToken);
        uses.AddRange(known);
        return uses;
    }

    /// <summary>The formats the portal recorded for the listed volumes it created: on this host, or in a shared pool on any host.</summary>
    private async Task<Dictionary<string, DiskFormat>> RecordedFormatsAsync(int hostId, IReadOnlyList<StorageVolume> volumes, IReadOnlySet<string> sharedPools,
        CancellationToken cancellationToken)
    {
        var paths = volumes.Select(v => v.Path).Distinct(StringComparer.Ordinal).ToList();
        var pools = sharedPools.ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.CreatedImages.AsNoTracking()
            .Where(i => paths.Contains(i.Path) && (i.HostId == hostId || pools.Contains(i.Pool)))
            .Select(i => new { i.Path, i.Format, Own = i.HostId == hostId, i.CreatedUtc })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.Own).ThenByDescending(r => r.CreatedUtc)
            .DistinctBy(r => r.Path, StringComparer.Ordinal)
            .ToDictionary(r => r.Path, r => r.Format, StringComparer.Ordinal);
    }

    /// <summary>Records the format a new image was created in; a record left by an image of that name deleted outside the portal goes.</summary>
    private async Task RecordCreatedAsync(int hostId, StorageVolume created, DiskFormat format)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await db.CreatedImages.Where(i => i.HostId == hostId && i.Pool == created.Pool && i.Name == created.Name).ExecuteDeleteAsync(CancellationToken.None);
        db.CreatedImages.Add(new CreatedImage(hostId, created.Pool, created.Name, created.Path, format, time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task ForgetCreatedAsync(int hostId, StorageVolume created)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await db.CreatedImages.Where(i => i.HostId == hostId && i.Pool == created.Pool && i.Name == created.Name).ExecuteDeleteAsync(CancellationToken.None);
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
