namespace Portal.Core.Hypervisor;

/// <summary>
/// What a host sees at a path: the canonical path with every symlink resolved, its size, and the image format
/// read from its header (null for block devices, whose content the host does not guess).
/// </summary>
public sealed record StorageFile(string CanonicalPath, long SizeBytes, bool IsBlockDevice, DiskFormat? Format = null);
