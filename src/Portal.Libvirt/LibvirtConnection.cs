using Microsoft.Extensions.Logging;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;
using Portal.Core.Tenancy;
using Portal.Libvirt.Interop;
using Portal.Libvirt.Xml;

namespace Portal.Libvirt;

/// <summary>
/// One long-lived libvirt connection to one host behind the hypervisor port. It connects on first use, watches the
/// connection (keepalive, close callback), reconnects with backoff, and re-subscribes to events each time. Events
/// reach subscribers in order through an <see cref="EventRelay"/>, devices named by target or MAC.
/// Blocking libvirt calls run on the thread pool; every failure is a <see cref="LibvirtException"/>.
/// </summary>
public sealed partial class LibvirtConnection : IHypervisorConnection
{
    private static readonly TimeSpan StatePoll = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly LibvirtOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Backoff _backoff;
    private readonly EventRelay _relay;
    private NativeConnection? _native;
    private EventBridge? _events;
    private volatile bool _closedByPeer;
    private bool _disposed;

    internal LibvirtConnection(string uri, LibvirtOptions options, TimeProvider time, ILogger logger)
    {
        Uri = uri;
        _options = options;
        _time = time;
        _logger = logger;
        _backoff = new Backoff(options.ReconnectMin, options.ReconnectMax);
        _relay = new EventRelay(uuid => GetDomainAsync(uuid), Raise, logger);
    }

    public string Uri { get; }

    public event Action<DomainEvent>? EventReceived;

    public Task<StoragePoolContents> ListVolumesAsync(string pool, CancellationToken cancellationToken = default) =>
        RunAsync(native =>
        {
            using var handle = LookupActivePool(native, pool);
            var description = VolumeXml.ParsePool(NativeConnection.PoolXml(handle));
            var volumes = new List<StorageVolume>();
            var listed = native.RefreshAndListVolumes(handle);
            try
            {
                foreach (var volume in listed)
                {
                    try
                    {
                        volumes.Add(VolumeXml.Parse(description.Name, NativeConnection.VolumeXml(volume)));
                    }
                    catch (LibvirtException e) when (e.Code == Flags.ErrNoStorageVolume)
                    {
                        // Deleted between the listing and the read: it is simply gone.
                    }
                }
            }
            finally
            {
                foreach (var volume in listed) volume.Dispose();
            }
            return new StoragePoolContents(description, volumes.OrderBy(v => v.Name, StringComparer.Ordinal).ToArray());
        }, cancellationToken);

    public Task<StorageVolume> CreateVolumeAsync(string pool, string name, DiskFormat format, long capacityBytes, CancellationToken cancellationToken = default) =>
        RunAsync(native =>
        {
            using var handle = LookupActivePool(native, pool);
            using var volume = native.CreateVolume(handle, VolumeXml.Build(name, format, capacityBytes));
            return VolumeXml.Parse(pool, NativeConnection.VolumeXml(volume));
        }, cancellationToken);

    public Task DeleteVolumeAsync(string pool, string name, CancellationToken cancellationToken = default) =>
        RunAsync(native =>
        {
            using var handle = LookupActivePool(native, pool);
            using var volume = native.LookupVolume(handle, name);
            NativeConnection.DeleteVolume(volume);
            return true;
        }, cancellationToken);

    /// <summary>The pool by name, refused with what to do on the host when it does not exist or is not started.</summary>
    private StoragePoolHandle LookupActivePool(NativeConnection native, string pool)
    {
        StoragePoolHandle handle;
        try
        {
            handle = native.LookupPool(pool);
        }
        catch (LibvirtException e) when (e.Code == Flags.ErrNoStoragePool)
        {
            throw new LibvirtException(e.Code, e.Domain, e.Level,
                $"There is no storage pool '{pool}' on {Uri}: define one there (virsh pool-define-as {pool} dir --target DIRECTORY; " +
                $"virsh pool-build {pool}; virsh pool-start {pool}; virsh pool-autostart {pool}).");
        }
        try
        {
            if (NativeConnection.IsActive(handle)) return handle;
            throw new LibvirtException(Flags.ErrOperationInvalid, 0, 2,
                $"The storage pool '{pool}' on {Uri} is not started: virsh pool-start {pool}; virsh pool-autostart {pool}.");
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public Task<IReadOnlyList<DomainDescription>> ListDomainsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<DomainDescription>>(native =>
        {
            var result = new List<DomainDescription>();
            foreach (var domain in native.ListAllDomains())
            {
                using (domain)
                {
                    try
                    {
                        // One more call per running domain per inventory sweep (its persistent definition), so that
                        // a change made "at next start" shows as pending; shut-off domains need none.
                        result.Add(Describe(domain));
                    }
                    catch (LibvirtException e) when (e.Kind == HypervisorErrorKind.NoDomain)
                    {
                        // Undefined between the listing and the read: it is simply gone.
                    }
                }
            }
            return result;
        }, cancellationToken);

    public Task<DomainDescription> GetDomainAsync(Guid uuid, CancellationToken cancellationToken = default) =>
        RunAsync(native =>
        {
            using var domain = native.LookupDomain(uuid);
            return Describe(domain);
        }, cancellationToken);

    public Task<StatsSweep> GetStatsAsync(CancellationToken cancellationToken = default) =>
        RunAsync(native =>
        {
            var records = native.GetAllDomainStats();
            var now = _time.GetUtcNow().UtcDateTime;
            return new StatsSweep(now, records.Select(r => StatsMapper.Map(r.Uuid, r.Values)).ToArray());
        }, cancellationToken);

    public Task<DomainDisk> AttachDiskAsync(Guid uuid, DiskSpec disk, ChangeScope scope, CancellationToken cancellationToken = default) =>
        RunAsync(native =>
        {
            using var domain = native.LookupDomain(uuid);
            var active = IsActive(NativeConnection.State(domain));
            var flags = scope switch
            {
                ChangeScope.LiveOnly => Flags.AffectLive,
                ChangeScope.PersistentOnly => Flags.AffectConfig,
                _ => active ? Flags.AffectLive | Flags.AffectConfig : Flags.AffectConfig,
            };
            NativeConnection.AttachDevice(domain, DiskXml.Build(disk), flags);

            var applied = Define(domain, live: (flags & Flags.AffectLive) != 0).Description.Disks.FirstOrDefault(d => d.Target == disk.Target);
            return applied ?? throw new LibvirtException(Flags.ErrOperationFailed, 0, 2,
                $"libvirt accepted disk {disk.Target} but the re-read definition does not show it.");
        }, cancellationToken);

    public async Task<DetachResult> DetachDiskAsync(Guid uuid, string target, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var outcome = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? alias = null;
        void OnEvent(DomainEvent e)
        {
            // Named by its target; by libvirt's alias only if the relay could not name it.
            if (e.Uuid == uuid && e.Device is not null && (e.Device == target || e.Device == Volatile.Read(ref alias)) &&
                e.Kind is DomainEventKind.DeviceRemoved or DomainEventKind.DeviceRemovalFailed)
                outcome.TrySetResult(e.Kind == DomainEventKind.DeviceRemoved);
        }

        // Subscribe before asking: the event can arrive before the detach call returns.
        EventReceived += OnEvent;
        try
        {
            var liveRequested = await RunAsync(native =>
            {
                using var domain = native.LookupDomain(uuid);
                var active = IsActive(NativeConnection.State(domain));
                var live = active ? Define(domain, live: true) : null;
                var config = Define(domain, live: false);
                var inLive = live?.DiskElements.ContainsKey(target) == true;
                var inConfig = config.DiskElements.ContainsKey(target);
                if (!inLive && !inConfig)
                    throw new LibvirtException(Flags.ErrDeviceMissing, 0, 2, $"The VM has no disk {target}.");

                Volatile.Write(ref alias, live?.AliasOf(target));
                var element = (inLive ? live! : config).DiskElements[target];
                var flags = (inLive ? Flags.AffectLive : 0) | (inConfig ? Flags.AffectConfig : 0);
                NativeConnection.DetachDevice(domain, element.ToString(), flags);
                return inLive;
            }, cancellationToken);
            if (!liveRequested) return new DetachResult(DetachOutcome.Removed, null);

            bool? confirmed;
            try
            {
                confirmed = await outcome.Task.WaitAsync(wait, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                confirmed = null;
            }
            if (confirmed == false) return new DetachResult(DetachOutcome.Failed, "The guest refused to release the disk.");

            // The definition is the final word: an event may have been missed, or came before we knew the alias.
            var stillThere = (await GetDomainAsync(uuid, cancellationToken)).Disks.Any(d => d.Target == target);
            return stillThere
                ? new DetachResult(DetachOutcome.PendingInGuest, "The host asked the guest to release the disk; the guest has not done so yet.")
                : new DetachResult(DetachOutcome.Removed, null);
        }
        finally
        {
            EventReceived -= OnEvent;
        }
    }

    public Task<MemoryChangeResult> SetMemoryAsync(Guid uuid, long memoryKiB, CancellationToken cancellationToken = default) =>
        RunAsync(native =>
        {
            using var domain = native.LookupDomain(uuid);
            var active = IsActive(NativeConnection.State(domain));
            var current = Define(domain, live: active).Description;
            // libvirt refuses a live balloon above the maximum; say what it takes instead of failing.
            if (memoryKiB > current.MaxMemoryKiB)
                return new MemoryChangeResult(MemoryChangeOutcome.NeedsRestart, current.MemoryKiB, current.MaxMemoryKiB);
            NativeConnection.SetMemory(domain, memoryKiB, active ? Flags.AffectLive | Flags.AffectConfig : Flags.AffectConfig);
            return new MemoryChangeResult(MemoryChangeOutcome.AppliedLive, memoryKiB, current.MaxMemoryKiB);
        }, cancellationToken);

    public Task SetMemoryConfigAsync(Guid uuid, long maxMemoryKiB, long memoryKiB, CancellationToken cancellationToken = default) =>
        RunAsync(native =>
        {
            using var domain = native.LookupDomain(uuid);
            // Maximum first: the current size may not exceed it.
            NativeConnection.SetMemory(domain, maxMemoryKiB, Flags.AffectConfig | Flags.MemMaximum);
            NativeConnection.SetMemory(domain, memoryKiB, Flags.AffectConfig);
            return true;
        }, cancellationToken);

    public Task SetTenantAsync(Guid uuid, string? tenantSlug, CancellationToken cancellationToken = default)
    {
        if (tenantSlug is not null && !TenantSlug.IsValid(tenantSlug))
            return Task.FromException(new LibvirtException(Flags.ErrInvalidArg, 0, 2,
                $"'{tenantSlug}' is not a valid tenant slug (lowercase letters, digits and dashes)."));
        var element = tenantSlug is null ? null : PortalMetadata.Build(tenantSlug);
        return RunAsync(native =>
        {
            using var domain = native.LookupDomain(uuid);
            // Both definitions the domain has: the live one for what the host reports now, the persistent one for its
            // next start. A domain started or stopped between the check and the write would miss one (or be refused
            // "domain is not running"), so then the write is made again for the state the domain is in by then.
            for (var attempt = 1; ; attempt++)
            {
                var scope = MetadataScope(domain);
                try
                {
                    NativeConnection.SetMetadataElement(domain, element, PortalMetadata.Prefix, PortalMetadata.Namespace, scope);
                    if (attempt == MetadataAttempts || MetadataScope(domain) == scope) return true;
                }
                catch (LibvirtException e) when (e.Kind == HypervisorErrorKind.OperationInvalid && attempt < MetadataAttempts && MetadataScope(domain) != scope)
                {
                    // Started or stopped mid-way: once more.
                }
            }
        }, cancellationToken);
    }

    private const int MetadataAttempts = 3;

    /// <summary>The definitions a metadata change must reach: live when the domain is active, config when it is persistent.</summary>
    private static uint MetadataScope(DomainHandle domain) =>
        (NativeConnection.IsActive(domain) ? Flags.AffectLive : 0) | (NativeConnection.IsPersistent(domain) ? Flags.AffectConfig : 0);

    public Task PowerAsync(Guid uuid, PowerAction action, CancellationToken cancellationToken = default) =>
        RunAsync(native =>
        {
            using var domain = native.LookupDomain(uuid);
            Action<DomainHandle> call = action switch
            {
                PowerAction.Start => NativeConnection.Create,
                PowerAction.Shutdown => NativeConnection.Shutdown,
                PowerAction.Reboot => NativeConnection.Reboot,
                PowerAction.Destroy => NativeConnection.Destroy,
                _ => throw new ArgumentOutOfRangeException(nameof(action)),
            };
            call(domain);
            return true;
        }, cancellationToken);

    public async Task PowerCycleAsync(Guid uuid, TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        if (IsActive(await StateAsync(uuid, cancellationToken)))
        {
            await PowerAsync(uuid, PowerAction.Shutdown, cancellationToken);
            var deadline = _time.GetUtcNow() + gracePeriod;
            while (IsActive(await StateAsync(uuid, cancellationToken)) && _time.GetUtcNow() < deadline)
                await Task.Delay(StatePoll, _time, cancellationToken);
            if (IsActive(await StateAsync(uuid, cancellationToken)))
            {
                LogForcedOff(_logger, uuid, gracePeriod);
                await PowerAsync(uuid, PowerAction.Destroy, cancellationToken);
            }
        }
        await PowerAsync(uuid, PowerAction.Start, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
            Drop();
        }
        await _relay.DisposeAsync();
    }

    private Task<int> StateAsync(Guid uuid, CancellationToken cancellationToken) =>
        RunAsync(native =>
        {
            using var domain = native.LookupDomain(uuid);
            return NativeConnection.State(domain);
        }, cancellationToken);

    /// <summary>
    /// The parsed definition, with each disk's size as the guest sees it (the XML does not carry it). A live one's
    /// device aliases go to the relay, which names device events by them.
    /// </summary>
    private DomainDefinition Define(DomainHandle domain, bool live)
    {
        var state = NativeConnection.State(domain);
        var definition = DomainXml.Parse(NativeConnection.Xml(domain, inactive: !live), ToVmState(state));
        if (live) _relay.Remember(definition.Description.Uuid, definition.DeviceNames);
        var disks = definition.Description.Disks
            .Select(d => d with { CapacityBytes = NativeConnection.BlockCapacity(domain, d.Target) })
            .ToArray();
        return definition with { Description = definition.Description with { Disks = disks } };
    }

    /// <summary>
    /// The live description; for an active domain with what its persistent definition starts with next. Only an
    /// active domain has two definitions: for any other, the one read already is the persistent one.
    /// </summary>
    private DomainDescription Describe(DomainHandle domain)
    {
        var live = Define(domain, live: true).Description;
        return IsActive(live.State) ? DomainXml.WithNextStart(live, NativeConnection.Xml(domain, inactive: true)) : live;
    }

    private static VmState ToVmState(int state) => Enum.IsDefined(typeof(VmState), state) ? (VmState)state : VmState.Unknown;

    private static bool IsActive(int state) => IsActive(ToVmState(state));

    private static bool IsActive(VmState state) => state is VmState.Running or VmState.Blocked or VmState.Paused
        or VmState.ShuttingDown or VmState.Suspended;

    private Task<T> RunAsync<T>(Func<NativeConnection, T> operation, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var native = Connect();
            try
            {
                return operation(native);
            }
            catch (LibvirtException e) when (e.Kind == HypervisorErrorKind.ConnectionFailed)
            {
                lock (_gate)
                {
                    if (ReferenceEquals(native, _native)) Drop();
                    _backoff.Failed(_time.GetUtcNow(), e.Message);
                }
                throw;
            }
        }, cancellationToken);

    private NativeConnection Connect()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_native is not null && !_closedByPeer) return _native;
            Drop();
            if (_backoff.MustWait(_time.GetUtcNow(), out var remaining))
                throw new LibvirtException(Flags.ErrNoConnect, 0, 2,
                    $"Host {Uri} is unreachable ({_backoff.LastError}); next attempt in {Math.Ceiling(remaining.TotalSeconds)} s.");
            try
            {
                var native = NativeConnection.Open(Uri);
                native.TrySetKeepAlive(_options.KeepAliveIntervalSeconds, (uint)_options.KeepAliveCount);
                _events = new EventBridge(native.Handle, _relay.Post, () => _closedByPeer = true);
                _native = native;
                if (_backoff.Failures > 0) LogReconnected(_logger, Uri, _backoff.Failures);
                _backoff.Succeeded();
                return native;
            }
            catch (LibvirtException e)
            {
                _backoff.Failed(_time.GetUtcNow(), e.Message);
                LogConnectFailed(_logger, Uri, e.Message);
                throw;
            }
        }
    }

    /// <summary>Forgets the current connection; callers hold <see cref="_gate"/>.</summary>
    private void Drop()
    {
        _events?.Dispose();
        _events = null;
        _native?.Dispose();
        _native = null;
        _closedByPeer = false;
    }

    private void Raise(DomainEvent e) => EventReceived?.Invoke(e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot connect to {Uri}: {Error}")]
    private static partial void LogConnectFailed(ILogger logger, string uri, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnected to {Uri} after {Failures} failed attempts")]
    private static partial void LogReconnected(ILogger logger, string uri, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Domain {Uuid} did not shut down within {Grace}; forcing it off")]
    private static partial void LogForcedOff(ILogger logger, Guid uuid, TimeSpan grace);
}
