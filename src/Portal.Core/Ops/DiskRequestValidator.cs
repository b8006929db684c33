using Portal.Core.Hypervisor;

namespace Portal.Core.Ops;

/// <summary>
/// Everything a disk attach must pass before the host is asked to change anything: the disk rules, a source inside
/// the storage roots both as written and as the host resolves it (no '..' or symlink escapes), a source that exists
/// and is not attached to another VM.
/// </summary>
public static class DiskRequestValidator
{
    public static async Task<IReadOnlyList<ValidationError>> ValidateAsync(
        DiskSpec disk,
        DomainDescription domain,
        IReadOnlyList<string> storageRoots,
        IHypervisorConnection host,
        Func<string, bool> attachedToAnotherVm,
        CancellationToken cancellationToken = default)
    {
        var errors = DiskRules.Validate(disk, domain.Disks.Select(d => d.Target)).ToList();
        if (errors.Any(e => e.Field == "source")) return errors;

        if (!StoragePaths.IsWithin(disk.Source, storageRoots))
        {
            errors.Add(new("source", $"Disk images must be inside {string.Join(" or ", storageRoots)}."));
            return errors;
        }
        var file = await host.InspectFileAsync(disk.Source, cancellationToken);
        if (file is null)
            errors.Add(new("source", $"There is no disk image at {disk.Source} on the VM's host."));
        else if (!StoragePaths.IsWithin(file.CanonicalPath, storageRoots))
            errors.Add(new("source", $"{disk.Source} leads outside the storage locations (to {file.CanonicalPath})."));
        else if (file.Format is { } actual && actual != disk.Format)
            errors.Add(new("format", $"{disk.Source} is a {Name(actual)} image: attach it as {Name(actual)}, or the guest sees {(actual == DiskFormat.Qcow2 ? "qcow2's metadata instead of the disk" : "garbage")}."));
        else if (domain.Disks.Any(d => StoragePaths.Normalize(d.Source) == file.CanonicalPath))
            errors.Add(new("source", $"{disk.Source} is already attached to this VM."));
        else if (attachedToAnotherVm(file.CanonicalPath))
            errors.Add(new("source", $"{disk.Source} is attached to another VM."));
        return errors;
    }

    private static string Name(DiskFormat format) => format.ToString().ToLowerInvariant();
}
