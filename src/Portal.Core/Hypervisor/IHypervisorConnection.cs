namespace Portal.Core.Hypervisor;

/// <summary>
/// Everything the portal asks of one host, shaped after libvirt: domains are addressed by UUID, device changes
/// are live and/or persistent, detach completes asynchronously and is confirmed by an event. Implementations are
/// thread-safe and long-lived (one per host); every failure is a <see cref="HypervisorException"/>.
/// </summary>
public interface IHypervisorConnection : IAsyncDisposable
{
    string Uri { get; }

    /// <summary>Raised from the host's event thread; handlers must be quick and must not throw.</summary>
    event Action<DomainEvent>? EventReceived;

    /// <summary>What the host sees at <paramref name="path"/> (symlinks resolved), or null when nothing is there.</summary>
    Task<StorageFile?> InspectFileAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>The disk images in <paramref name="directory"/>, a storage location (a libvirt storage pool's target) on the host.</summary>
    Task<IReadOnlyList<StorageVolume>> ListVolumesAsync(string directory, CancellationToken cancellationToken = default);

    /// <summary>Creates an empty image named <paramref name="name"/> in the storage location <paramref name="directory"/>.</summary>
    Task<StorageVolume> CreateVolumeAsync(string directory, string name, DiskFormat format, long capacityBytes, CancellationToken cancellationToken = default);

    /// <summary>Deletes an image the portal created (used to undo a create whose attach then failed).</summary>
    Task DeleteVolumeAsync(string path, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DomainDescription>> ListDomainsAsync(CancellationToken cancellationToken = default);

    Task<DomainDescription> GetDomainAsync(Guid uuid, CancellationToken cancellationToken = default);

    /// <summary>One bulk call for all domains of the host.</summary>
    Task<StatsSweep> GetStatsAsync(CancellationToken cancellationToken = default);

    /// <summary>Attaches the disk and returns the disk as the re-read definition shows it.</summary>
    Task<DomainDisk> AttachDiskAsync(Guid uuid, DiskSpec disk, ChangeScope scope, CancellationToken cancellationToken = default);

    /// <summary>Asks for the disk's removal and waits up to <paramref name="wait"/> for the guest to release it.</summary>
    Task<DetachResult> DetachDiskAsync(Guid uuid, string target, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>Sets the balloon of a running domain (and the persistent current memory) when within its maximum.</summary>
    Task<MemoryChangeResult> SetMemoryAsync(Guid uuid, long memoryKiB, CancellationToken cancellationToken = default);

    /// <summary>Writes maximum then current memory to the persistent definition; it applies at the next start.</summary>
    Task SetMemoryConfigAsync(Guid uuid, long maxMemoryKiB, long memoryKiB, CancellationToken cancellationToken = default);

    /// <summary>
    /// Assigns the domain to the tenant <paramref name="tenantSlug"/> (a valid <see cref="Tenancy.TenantSlug"/>), or
    /// removes the portal's tag when it is null: the element the portal keeps in the domain's metadata, written to the
    /// live definition when the domain is active and to the persistent one when it is persistent, so that
    /// <see cref="DomainDescription.TenantTag"/> reports it at once and after the next start. Nothing else in the
    /// metadata changes. A slug that is not valid is refused (<see cref="HypervisorErrorKind.InvalidArgument"/>).
    /// </summary>
    Task SetTenantAsync(Guid uuid, string? tenantSlug, CancellationToken cancellationToken = default);

    Task PowerAsync(Guid uuid, PowerAction action, CancellationToken cancellationToken = default);

    /// <summary>Graceful shutdown (forced off after <paramref name="gracePeriod"/>), then start.</summary>
    Task PowerCycleAsync(Guid uuid, TimeSpan gracePeriod, CancellationToken cancellationToken = default);
}
