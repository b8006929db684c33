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

    /// <summary>
    /// Refreshes the storage pool named <paramref name="pool"/> (so that images put there by hand appear) and lists its
    /// volumes as the host's libvirt describes them. Everything the portal knows of a host's images comes from here:
    /// the same call for a host on this machine and one reached over ssh or TLS.
    /// </summary>
    Task<StoragePoolContents> ListVolumesAsync(string pool, CancellationToken cancellationToken = default);

    /// <summary>Has the pool <paramref name="pool"/> create an empty image named <paramref name="name"/>.</summary>
    Task<StorageVolume> CreateVolumeAsync(string pool, string name, DiskFormat format, long capacityBytes, CancellationToken cancellationToken = default);

    /// <summary>Deletes the volume <paramref name="name"/> of <paramref name="pool"/> (used to undo a create whose attach then failed).</summary>
    Task DeleteVolumeAsync(string pool, string name, CancellationToken cancellationToken = default);

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
