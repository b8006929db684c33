namespace Portal.Core.Hypervisor;

/// <summary>
/// A disk image in one of a host's storage locations. <see cref="Format"/> is what the image holds (null when the
/// host cannot tell); <see cref="CapacityBytes"/> is the size the guest sees.
/// </summary>
public sealed record StorageVolume(string Path, DiskFormat? Format, long CapacityBytes);
