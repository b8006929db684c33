using System.Text.RegularExpressions;
using Portal.Core.Hypervisor;

namespace Portal.Core.Ops;

/// <summary>
/// The rules a disk attach must meet before a host is asked. The simulator enforces the same rules, so the demo
/// refuses what QEMU would refuse.
/// </summary>
public static partial class DiskRules
{
    public const int MaxSerialLength = 20;

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SerialPattern();

    /// <summary>io=native is Linux AIO, which QEMU only allows on O_DIRECT files: cache none or directsync.</summary>
    public static bool IoAllowedWithCache(DiskIo io, DiskCache cache) =>
        io != DiskIo.Native || cache is DiskCache.None or DiskCache.Directsync;

    public static IReadOnlyList<ValidationError> Validate(DiskSpec disk, IEnumerable<string> targetsInUse)
    {
        var errors = new List<ValidationError>();
        if (!Enum.IsDefined(disk.Bus)) errors.Add(new("bus", "Choose a bus: virtio, scsi or sata."));
        if (!Enum.IsDefined(disk.Format)) errors.Add(new("format", "Choose a format: raw or qcow2."));
        if (!Enum.IsDefined(disk.Cache)) errors.Add(new("cache", "Unknown cache mode."));
        if (!Enum.IsDefined(disk.Io)) errors.Add(new("io", "Unknown io mode."));

        if (!IoAllowedWithCache(disk.Io, disk.Cache))
            errors.Add(new("io", "io=native needs cache=none or cache=directsync (native AIO requires direct I/O)."));

        if (string.IsNullOrWhiteSpace(disk.Target))
            errors.Add(new("target", "A target device name is required."));
        else if (!DiskTargets.IsValidFor(disk.Bus, disk.Target))
            errors.Add(new("target", $"'{disk.Target}' is not a valid target for the {disk.Bus.ToString().ToLowerInvariant()} bus (expected {DiskTargets.PrefixFor(disk.Bus)}a, {DiskTargets.PrefixFor(disk.Bus)}b, ...)."));
        else if (targetsInUse.Contains(disk.Target, StringComparer.Ordinal))
            errors.Add(new("target", $"Target '{disk.Target}' is already in use on this VM."));

        if (disk.Serial is { Length: > 0 } serial &&
            (serial.Length > MaxSerialLength || !SerialPattern().IsMatch(serial)))
            errors.Add(new("serial", $"A serial is at most {MaxSerialLength} characters of letters, digits, '_' and '-'."));

        if (string.IsNullOrWhiteSpace(disk.Source))
            errors.Add(new("source", "Choose an image from a storage pool."));

        return errors;
    }
}
