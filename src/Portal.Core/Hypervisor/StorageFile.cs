namespace Portal.Core.Hypervisor;

/// <summary>What a host sees at a path: the canonical path with every symlink resolved, and its size.</summary>
public sealed record StorageFile(string CanonicalPath, long SizeBytes, bool IsBlockDevice);
